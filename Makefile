# The two commands of README.md: `make run` and `make test`. Both set up
# what is missing first (scripts/setup.sh), and are fast when it is there.
SWIFT ?= swift

.PHONY: setup build run test bench clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build -c release

# Opens the terminal director's interface on the built-in demo project.
run: build
	.build/release/auteur

test: setup
	@scripts/test.sh

bench: build
	@scripts/bench.sh

clean:
	rm -rf .build
