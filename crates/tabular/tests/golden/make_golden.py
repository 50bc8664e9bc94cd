#!/usr/bin/env python3
"""Writes the golden CSV files next to this script. Run it from anywhere:

    python3 crates/tabular/tests/golden/make_golden.py

Every file is written byte for byte (explicit encodings and line ends), so running the script
again gives identical files. What each file is for is in README.md beside it.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


CRLF = "\r\n"

# Dutch Excel, "CSV (gescheiden door lijstscheidingsteken)": windows-1252, ';', CRLF.
write(
    "semicolon_windows1252.csv",
    CRLF.join(
        [
            "Naam;KvK-nummer;Postcode;Plaats;Bedrag;Datum",
            "Coöperatie De Eendracht U.A.;1234 5678;8012ee;Zwolle;€ 145.000;21-02-2023",
            "\"Café \"\"'t Hoekje\"\"\";09876543;7511 JE;Enschede;€ 2.500,50;1-3-2024",
            "",
        ]
    ).encode("cp1252"),
)

# Excel "CSV UTF-8 (door komma's gescheiden)": UTF-8 with BOM, ','; here with LF line ends.
write(
    "comma_utf8_bom.csv",
    b"\xef\xbb\xbf"
    + "\n".join(
        [
            "naam,plaats,omschrijving",
            "Coöperatie Zuid,Deventer,\"Hout, metaal en textiel\"",
            "Ëlan B.V.,'s-Hertogenbosch,\"Zegt \"\"hallo\"\"\"",
            "",
        ]
    ).encode("utf-8"),
)

# Excel "Unicode-tekst": UTF-16LE with BOM, TAB, CRLF.
write(
    "tab_utf16le_bom.txt",
    b"\xff\xfe"
    + CRLF.join(
        [
            "Naam\tPostcode\tBedrag",
            "Coöperatie\t8012 EE\t€ 145.000",
            "Zoë's Zaak\t1234AB\t-12,50",
            "",
        ]
    ).encode("utf-16-le"),
)

# Quoted cells with line breaks and doubled quotes, a blank line, trailing empty lines and a
# row of empty cells; UTF-8 without BOM, ';', CRLF.
write(
    "quoted_newlines.csv",
    CRLF.join(
        [
            "id;opmerking;plaats",
            "1;\"eerste regel",
            "tweede regel\";Zwolle",
            "",
            "2;\"zegt \"\"ja\"\"; en \"\"nee\"\"\";Almelo",
            ";;",
            "3;\"a",
            "",
            "b\";Hengelo",
            "",
            "",
            "",
        ]
    ).encode("utf-8"),
)

# Starts as UTF-8 (line 2), then line 4 is windows-1252: a file pasted together from two.
write(
    "mixed_encoding.csv",
    "naam;plaats\n".encode("utf-8")
    + "Coöperatie;Zwolle\n".encode("utf-8")
    + "Gewoon;Deventer\n".encode("utf-8")
    + "Café;Enschede\n".encode("cp1252")
    + "Daarna;Hengelo\n".encode("utf-8"),
)

# Same header twice, differing in case and spaces (column 3).
write("duplicate_header.csv", b"Naam;Plaats; naam \r\nA;B;C\r\n")

# Second header cell empty.
write("empty_header.csv", b"Naam;;Plaats\r\nA;B;C\r\n")

# Seven headers; the record starting on line 7 has nine filled cells. Lines 3-4 hold one
# record with a quoted line break, so line numbers are physical lines, not record numbers.
write(
    "row_too_long.csv",
    CRLF.join(
        [
            "a;b;c;d;e;f;g",
            "1;2;3;4;5;6;7",
            "1;\"twee",
            "regels\";3;4;5;6;7",
            "1;2;3;4;5;6;7;;",
            "",
            "1;2;3;4;5;6;7;8;9",
            "1;2;3",
            "",
        ]
    ).encode("utf-8"),
)

# The record starting on line 3 opens a quote that is never closed.
write(
    "truncated_quote.csv",
    b"naam;opmerking\n" b"A;goed\n" b"B;\"begint hier\n" b"en houdt nooit op\n",
)

# The first bytes of a PDF document.
write(
    "not_a_table.pdf",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
)

# Nothing at all.
write("empty.csv", b"")
