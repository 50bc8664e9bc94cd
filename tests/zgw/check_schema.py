#!/usr/bin/env python3
"""Validates a ZGW export (JSON file) against docs/zgw-zaak.schema.json with Python's
jsonschema, checking date formats too. Usage: check_schema.py SCHEMA EXPORT; exit 1 on errors."""
import json
import sys

import jsonschema


def main() -> int:
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    data = json.load(open(sys.argv[2], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = jsonschema.FormatChecker()
    errors = list(cls(schema, format_checker=checker).iter_errors(data))
    # "date" is checked by the format checker; make sure it really runs on this install.
    if checker.conforms("2023-13-45", "date"):
        print("the date format checker accepts a bad date", file=sys.stderr)
        return 1
    for e in errors:
        print(f"{list(e.absolute_path)}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
