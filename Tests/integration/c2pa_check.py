"""Reads a film's content credentials with the independent C2PA reader
(c2pa-python, wrapping the reference library c2pa-rs) and prints one JSON
line: {"state": "Valid"|"Trusted"|"Invalid"|..., "failures": [codes],
"actions": [...], "assertions": [labels]}, or {"state": "none"} when the
reader finds no manifest.

Usage: c2pa_check.py FILE [ROOT.pem]   (ROOT.pem: a trust anchor)
"""
import json
import sys

import c2pa


def failure_codes(results):
    """Every failure code the reader lists, wherever in the results it is."""
    codes = []
    if isinstance(results, dict):
        for key, value in results.items():
            if key == "failure" and isinstance(value, list):
                codes += [entry.get("code") for entry in value if isinstance(entry, dict)]
            else:
                codes += failure_codes(value)
    elif isinstance(results, list):
        for value in results:
            codes += failure_codes(value)
    return codes


def main():
    path = sys.argv[1]
    settings = {"verify": {"verify_trust": True}}
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            settings["trust"] = {"trust_anchors": f.read()}
    context = c2pa.Context(c2pa.Settings.from_dict(settings))
    try:
        reader = c2pa.Reader(path, context=context)
    except c2pa.C2paError as error:
        if "ManifestNotFound" in type(error).__name__ or "ManifestNotFound" in str(error):
            print(json.dumps({"state": "none"}))
            return
        raise
    manifest = reader.get_active_manifest() or {}
    actions = [a for assertion in manifest.get("assertions", [])
               if assertion.get("label", "").startswith("c2pa.actions")
               for a in assertion.get("data", {}).get("actions", [])]
    print(json.dumps({
        "state": reader.get_validation_state(),
        "failures": sorted(set(failure_codes(reader.get_validation_results()))),
        "actions": actions,
        "assertions": [a.get("label") for a in manifest.get("assertions", [])],
        "title": manifest.get("title"),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
