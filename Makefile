# The two commands of README.md: `make run` and `make test`. Both set up
# what is missing first (scripts/setup.sh), and are fast when it is there.
SWIFT ?= swift
PROJECT ?= demo.auteur

.PHONY: setup build run test bench clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release

run: build
	.build/release/auteur demo --project $(PROJECT)

test: setup
	@scripts/test.sh

bench: build
	@scripts/bench.sh

clean:
	rm -rf .build
