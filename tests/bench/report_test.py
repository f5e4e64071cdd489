#!/usr/bin/env python3
"""Checks report.py's arithmetic and verdicts on made-up measurements (cheap: no build).

    python3 tests/bench/report_test.py
"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

ROWS = """\
-	meta	date	2026-11-27 17:00 UTC
-	meta	machine	2 CPUs (test), 1.0 GiB RAM
-	meta	runs	3
-	meta	faq_1000	200
-	meta	faq_10000	2000
-	meta	faq_100000	20000
-	meta	version_hugo	0.111.3
1000	careleaf	wall	0.30
1000	careleaf	wall	0.20
1000	careleaf	wall	0.90
1000	careleaf	cpu	0.50
1000	careleaf	rss	60000
1000	careleaf	pages	1000
1000	hugo	wall	1.30
1000	hugo	cpu	2.0
1000	hugo	rss	200000
1000	cp	wall	0.05
10000	careleaf	wall	2.0
10000	careleaf	cpu	3.5
10000	careleaf	rss	190000
10000	careleaf	rss	210000
10000	hugo	wall	7.0
10000	hugo	cpu	12
10000	cp	wall	0.39
10000	careleaf	preview_body	80
10000	careleaf	preview_body	120
10000	careleaf	preview_body	90
10000	careleaf	preview_title	1500
10000	careleaf	faq	0.25
100000	careleaf	wall	23.0
100000	careleaf	rss	1000000
100000	hugo	skipped	above --peers-up-to 50000
example	careleaf	browser	55
example	careleaf	browser	75
"""


def table(rows):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        f.write(rows)
    try:
        out = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), f.name, "--final"],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    cells = {}
    for line in out.splitlines():
        if line.startswith("| ") and not line.startswith("|  |"):
            parts = [p.strip() for p in line.strip("|").split(" | ")]
            cells[parts[0]] = parts[1:]
    return out, cells


def find(cells, start):
    matches = [v for k, v in cells.items() if k.startswith(start)]
    if len(matches) != 1:
        raise AssertionError(f"{len(matches)} rows start with {start!r}: {list(cells)}")
    return matches[0]


class FinalTable(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.cells = table(ROWS)

    def test_columns_are_the_example_site_then_sizes_in_order(self):
        header = next(line for line in self.out.splitlines() if line.startswith("|  |"))
        self.assertIn("| example site | 1,000 articles + 200 FAQ | 10,000 articles + 2,000 FAQ "
                      "| 100,000 articles + 20,000 FAQ | target | met? |", header)

    def test_build_cell_is_the_median_wall_and_the_largest_rss(self):
        row = find(self.cells, "careleaf build:")
        self.assertEqual(row[1], "300 ms (500 ms CPU), 59 MiB")
        self.assertEqual(row[2], "2.00 s (3.50 s CPU), 205 MiB")
        self.assertEqual(row[-1], "10k: unmet; 100k: met")

    def test_hugo_ratio_is_checked_at_1k_and_10k(self):
        row = find(self.cells, "careleaf faster than Hugo")
        self.assertEqual(row[1], "4.33× (CPU 4.00×)")
        self.assertEqual(row[2], "3.50× (CPU 3.43×)")
        self.assertEqual(row[-1], "1k: met; 10k: unmet")

    def test_skipped_peer_says_why(self):
        row = find(self.cells, "Hugo 0.111.3 build")
        self.assertEqual(row[3], "skipped (above --peers-up-to 50000)")

    def test_floor_growth_and_latencies(self):
        self.assertEqual(find(self.cells, "careleaf build ÷ floor")[-1], "10k: unmet")
        growth = find(self.cells, "careleaf build time ÷ 10k")
        self.assertEqual(growth[3], "11.5×")
        self.assertEqual(growth[-1], "100k: unmet")
        body = find(self.cells, "preview, body saved")
        self.assertEqual(body[2], "90 ms (120 ms)")
        self.assertEqual(body[-1], "10k: met")
        self.assertEqual(find(self.cells, "preview, title changed")[-1], "10k: unmet")
        browser = find(self.cells, "preview in Chromium")
        self.assertEqual(browser[0], "65 ms (75 ms)")
        self.assertEqual(browser[-1], "example: unmet")
        self.assertEqual(find(self.cells, "`faq add`")[-1], "10k: met")

    def test_a_size_not_measured_is_said(self):
        _, cells = table("\n".join(r for r in ROWS.splitlines() if not r.startswith("10000")) + "\n")
        self.assertEqual(find(cells, "careleaf faster than Hugo")[-1], "1k: met; 10k: not measured")


if __name__ == "__main__":
    unittest.main()
