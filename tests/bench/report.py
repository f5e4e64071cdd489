#!/usr/bin/env python3
"""Turns bench.sh's raw measurements into the figures it prints (bench.sh's report).

    report.py RESULTS --site N     one site's figures, as plain text
    report.py RESULTS --final      the Markdown summary table, with the issue's targets

RESULTS is a tab-separated file of `SITE TOOL METRIC VALUE` rows, one per measurement, which
measure.py, preview_latency.mjs, reload_latency.mjs and bench.sh itself append to:

    SITE    the article count of a generated site (`1000`), `example` (the repository's
            example site) or `-` (facts about the whole run)
    TOOL    careleaf, hugo, zola, cp (the `cp -r` floor), or meta
    METRIC  wall, cpu (seconds), rss (KiB) of one build; pages (HTML files written);
            preview_body, preview_title, browser (ms, one edit each); rebuild_body,
            rebuild_title (the server's own "rebuilt in" ms); faq, faq_cpu (seconds);
            skipped (why a tool did not run there); for meta, facts such as date, machine
            and version_hugo.

Medians are taken over runs, peak memory is the largest of the runs, and every ratio
compares medians of the same run (the tools ran alternately, so machine noise falls on all).
"""

import argparse
import math
import statistics
import sys
from collections import defaultdict

# The targets (issue 12), checked at the sizes it names.
HUGO_FACTOR = 4.0  # 1k: at most a quarter of Hugo's time; 10k: at least 4x faster
FLOOR_FACTOR = 5.0  # 10k: within 5x the `cp -r` floor
RSS_10K_MIB = 200
RSS_100K_MIB = 2048
SCALE_100K = 11.0  # 100k build time at most 11x the 10k build time
PREVIEW_BODY_MS = 100
PREVIEW_TITLE_MS = 300
BROWSER_MS = 60
FAQ_ADD_MS = 300


def load(path):
    data = defaultdict(list)
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            site, tool, metric, value = parts
            if tool == "meta":
                meta[metric] = value
            else:
                data[(site, tool, metric)].append(value)
    return data, meta


def nums(data, site, tool, metric):
    return [float(v) for v in data.get((site, tool, metric), [])]


def med(values):
    return statistics.median(values) if values else None


def p95(values):
    """Nearest rank: the smallest value with at least 95% of the values at or below it."""
    s = sorted(values)
    return s[max(math.ceil(0.95 * len(s)) - 1, 0)] if s else None


def secs(x):
    if x is None:
        return "—"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def ms(x):
    if x is None:
        return "—"
    return f"{x / 1000:.2f} s" if x >= 1000 else f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms"


def mib(kib):
    if kib is None:
        return "—"
    m = kib / 1024
    return f"{m / 1024:.2f} GiB" if m >= 1024 else f"{m:,.0f} MiB"


def big(n):
    return f"{n:,.0f}"


def sites(data):
    found = {site for (site, _, _) in data if site.isdigit()}
    return sorted(found, key=int)


def label(site):
    n = int(site)
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else f"{n:,}"


def tool_name(tool, meta):
    names = {"careleaf": "careleaf", "hugo": "Hugo", "zola": "Zola", "cp": "cp -r (floor)"}
    version = meta.get(f"version_{tool}")
    return f"{names.get(tool, tool)} {version}" if version else names.get(tool, tool)


class Site:
    """One site's medians, read from the raw rows."""

    def __init__(self, data, site):
        self.data, self.site = data, site

    def wall(self, tool):
        return med(nums(self.data, self.site, tool, "wall"))

    def cpu(self, tool):
        return med(nums(self.data, self.site, tool, "cpu"))

    def rss(self, tool):
        values = nums(self.data, self.site, tool, "rss")
        return max(values) if values else None

    def pages(self, tool):
        values = nums(self.data, self.site, tool, "pages")
        return values[-1] if values else None

    def runs(self, tool):
        return nums(self.data, self.site, tool, "wall")

    def skipped(self, tool):
        why = self.data.get((self.site, tool, "skipped"))
        return why[-1] if why else None

    def latencies(self, metric):
        return nums(self.data, self.site, "careleaf", metric)

    def faq(self):
        return nums(self.data, self.site, "careleaf", "faq")

    def ratio(self, tool):
        """The peer's median time over careleaf's: how many times faster careleaf is."""
        ours, theirs = self.wall("careleaf"), self.wall(tool)
        return theirs / ours if ours and theirs else None

    def cpu_ratio(self, tool):
        """The same for CPU time, which a busy machine inflates less than wall time."""
        ours, theirs = self.cpu("careleaf"), self.cpu(tool)
        return theirs / ours if ours and theirs else None


def print_site(data, meta, site):
    s = Site(data, site)
    faq_entries = meta.get(f"faq_{site}", "?")
    runs = len(s.runs("careleaf"))
    print(f"\n== {int(site):,} articles + {int(faq_entries):,} FAQ entries: full builds, "
          f"median of {runs} runs, tools alternated ==")
    header = f"{'':<18} {'wall':>9} {'CPU':>9} {'peak RSS':>10} {'pages':>8} {'pages/s':>9}"
    print(header)
    for tool in ("careleaf", "hugo", "zola", "cp"):
        if s.skipped(tool):
            print(f"{tool_name(tool, meta):<18} skipped: {s.skipped(tool)}")
            continue
        wall = s.wall(tool)
        if wall is None:
            continue
        cpu, pages = s.cpu(tool), s.pages(tool)
        rss = mib(s.rss(tool)) if tool != "cp" else ""
        rate = big(pages / wall) if pages else ""
        line = (f"{tool_name(tool, meta):<18} {secs(wall):>9} {secs(cpu):>9} {rss:>10} "
                f"{big(pages) if pages else '':>8} {rate:>9}")
        if tool in ("hugo", "zola"):
            line += f"   its time / careleaf's: {s.ratio(tool):.2f}x (CPU {s.cpu_ratio(tool):.2f}x)"
        if tool == "cp":
            line += f"   careleaf at {s.wall('careleaf') / wall:.1f}x the floor"
        print(line)
    for tool in ("careleaf", "hugo", "zola", "cp"):
        if s.runs(tool):
            print(f"  {tool} runs (s): {' '.join(f'{t:.3f}' for t in s.runs(tool))}")
    for kind, what in (("body", "article body saved -> its page served"),
                       ("title", "article title changed -> articles index served")):
        lat = s.latencies(f"preview_{kind}")
        if lat:
            rebuilt = med(s.latencies(f"rebuild_{kind}"))
            print(f"preview, {what}: median {ms(med(lat))}, p95 {ms(p95(lat))} "
                  f"(n={len(lat)}; server's own rebuild median {ms(rebuilt)})")
    if s.faq():
        cpu = med(s.latencies("faq_cpu"))
        print(f"faq add: median {secs(med(s.faq()))}, CPU {secs(cpu)} "
              f"(runs: {' '.join(f'{t:.3f}' for t in s.faq())} s)")


def verdict(checks):
    """`checks` is a list of (size label, True/False/None); None means not measured."""
    parts = []
    for where, ok in checks:
        parts.append(f"{where}: {'met' if ok else 'unmet' if ok is not None else 'not measured'}")
    return "; ".join(parts)


def final_table(data, meta):
    names = sites(data)
    per = {n: Site(data, n) for n in names}
    browser = nums(data, "example", "careleaf", "browser")
    cols = (["example site"] if browser else []) + [
        f"{int(n):,} articles + {int(meta.get(f'faq_{n}', 0)):,} FAQ" for n in names]
    rows = []

    def row(title, cells, target="", met=""):
        values = ([cells.pop("example", "")] if browser else []) + [cells.get(n, "") for n in names]
        if any(values):
            rows.append([title, *values, target, met])

    def check(n, test):
        s = per.get(n)
        return (label(n), test(s) if s else None)

    def build_cell(s, tool):
        if s.skipped(tool):
            return f"skipped ({s.skipped(tool)})"
        if s.wall(tool) is None:
            return ""
        return f"{secs(s.wall(tool))} ({secs(s.cpu(tool))} CPU), {mib(s.rss(tool))}"

    def rate_cell(s, tool):
        w, p = s.wall(tool), s.pages(tool)
        return f"{big(p / w)} ({big(p)} pages)" if w and p else ""

    def when(value, test):
        return None if value is None else test(value)

    row("careleaf build: median wall (CPU), peak RSS", {n: build_cell(per[n], "careleaf") for n in names},
        f"RSS < {RSS_10K_MIB} MiB at 10k, < 2 GiB at 100k",
        verdict([check("10000", lambda s: when(s.rss("careleaf"), lambda r: r / 1024 < RSS_10K_MIB)),
                 check("100000", lambda s: when(s.rss("careleaf"), lambda r: r / 1024 < RSS_100K_MIB))]))
    row("careleaf pages per second", {n: rate_cell(per[n], "careleaf") for n in names})
    for tool in ("hugo", "zola"):
        name = tool_name(tool, meta)
        row(f"{name} build: median wall (CPU), peak RSS", {n: build_cell(per[n], tool) for n in names})
        row(f"{name} pages per second", {n: rate_cell(per[n], tool) for n in names})
        ratios = {n: f"{per[n].ratio(tool):.2f}× (CPU {per[n].cpu_ratio(tool):.2f}×)" for n in names
                  if per[n].ratio(tool)}
        if tool == "hugo":
            target = f"≥ {HUGO_FACTOR:g}× at 1k (¼ of Hugo's time) and at 10k"
            checks = [check(n, lambda s: when(s.ratio("hugo"), lambda r: r >= HUGO_FACTOR))
                      for n in ("1000", "10000")]
        else:
            target = f"≥ {HUGO_FACTOR:g}× at 10k"
            checks = [check("10000", lambda s: when(s.ratio("zola"), lambda r: r >= HUGO_FACTOR))]
        if ratios:
            row(f"careleaf faster than {name.split()[0]}: its wall time ÷ careleaf's (same for CPU)", ratios, target, verdict(checks))
    row("`cp -r` of the source tree (floor), median", {n: secs(per[n].wall("cp")) for n in names})
    floor = {n: f"{per[n].wall('careleaf') / per[n].wall('cp'):.1f}×" for n in names
             if per[n].wall("cp") and per[n].wall("careleaf")}
    row("careleaf build ÷ floor", floor, f"≤ {FLOOR_FACTOR:g}× at 10k",
        verdict([check("10000", lambda s: when(s.wall("cp"), lambda c: s.wall("careleaf") / c <= FLOOR_FACTOR))]))
    base = per.get("10000")
    if base and base.wall("careleaf") and any(int(n) > 10000 for n in names):
        growth = {n: f"{per[n].wall('careleaf') / base.wall('careleaf'):.1f}×" for n in names
                  if int(n) > 10000 and per[n].wall("careleaf")}
        row("careleaf build time ÷ 10k time", growth, f"≤ {SCALE_100K:g}× at 100k",
            verdict([check("100000", lambda s: when(s.wall("careleaf"),
                                                    lambda w: w / base.wall("careleaf") <= SCALE_100K))]))

    def latency_row(title, metric, limit):
        cells = {}
        for n in names:
            lat = per[n].latencies(metric)
            if lat:
                cells[n] = f"{ms(med(lat))} ({ms(p95(lat))})"
        row(title, cells, f"median < {limit} ms at 10k",
            verdict([check("10000", lambda s: when(med(s.latencies(metric)), lambda m: m < limit))]))

    edits = max((len(per[n].latencies("preview_body")) for n in names), default=0)
    latency_row(f"preview, body saved → page served: median (p95) of {edits}", "preview_body", PREVIEW_BODY_MS)
    latency_row("preview, title changed → articles index: median (p95)", "preview_title", PREVIEW_TITLE_MS)
    if browser:
        row(f"preview in Chromium, save → new text visible: median (p95) of {len(browser)}",
            {"example": f"{ms(med(browser))} ({ms(p95(browser))})"},
            f"median < {BROWSER_MS} ms on the example site",
            verdict([("example", med(browser) < BROWSER_MS)]))
    faq = {n: secs(med(per[n].faq())) for n in names if per[n].faq()}
    faq_runs = max((len(per[n].faq()) for n in names), default=0)
    row(f"`faq add`, median of {faq_runs}", faq, f"< {FAQ_ADD_MS} ms at 10k",
        verdict([check("10000", lambda s: when(med(s.faq()), lambda m: m * 1000 < FAQ_ADD_MS))]))

    print(f"\ncareleaf benchmark, {meta.get('date', '?')}, careleaf {meta.get('commit', '?')}; "
          f"{meta.get('machine', '?')}; load average {meta.get('load_start', '?')} at the start, "
          f"{meta.get('load_end', '?')} at the end; builds: median of {meta.get('runs', '?')} runs, "
          f"tools alternated, output on tmpfs; peak RSS is the largest of the runs.\n")
    header = ["", *cols, "target", "met?"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    notes = [v for k, v in sorted(meta.items()) if k.startswith("note")]
    for note in notes:
        print(f"\n{note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--site")
    group.add_argument("--final", action="store_true")
    args = parser.parse_args()
    data, meta = load(args.results)
    if args.final:
        final_table(data, meta)
    else:
        print_site(data, meta, args.site)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
