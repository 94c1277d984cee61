"""Turns the streaming benchmarks' results into tables and an SVG chart in docs/performance.md.

  stream_report.py jmh <work-dir> <command> <machine>          (run-stream-jmh.sh)
  stream_report.py gateway <results.jsonl> <command> <machine> (run-stream-gateway.sh)
"""
import datetime
import glob
import json
import os
import re
import statistics
import sys

CHUNKS = 50  # StreamOverheadBenchmark.CHUNKS
PATH = 'docs/performance.md'
kind, source, command, machine = sys.argv[1:5]


def write_section(marker, body):
    text = open(PATH).read()
    section = f"<!-- {marker}:start -->\nRun on {datetime.date.today()} ({machine}) with `{command}`:\n\n{body}\n<!-- {marker}:end -->"
    text, found = re.subn(f'<!-- {marker}:start -->.*?<!-- {marker}:end -->', lambda m: section, text, flags=re.S)
    if not found:
        sys.exit(f'no <!-- {marker}:start --> in {PATH}')
    open(PATH, 'w').write(text)
    print(body)


def jmh():
    rounds = sorted({int(re.search(r'round-(\d+)', p).group(1)) for p in glob.glob(f'{source}/round-*-*.json')})
    per_round = []
    for r in rounds:
        row = {}
        for name in ('rawWebClientStream', 'failoverStream'):
            score = json.load(open(f'{source}/round-{r}-{name}.json'))[0]['primaryMetric']['score']
            first = json.load(open(f'{source}/round-{r}/first-token-{name}.json'))
            row[name] = {'chunks': score * CHUNKS, 'p50': first['p50_us'], 'p99': first['p99_us'],
                         'cpu': first['cpu_us_per_stream']}
        per_round.append(row)

    def median(name, field):
        return statistics.median(r[name][field] for r in per_round)

    ratio = statistics.median(r['failoverStream']['chunks'] / r['rawWebClientStream']['chunks'] for r in per_round)
    cpu_ratio = statistics.median(r['failoverStream']['cpu'] / r['rawWebClientStream']['cpu'] for r in per_round)
    added = statistics.median(r['failoverStream']['p50'] - r['rawWebClientStream']['p50'] for r in per_round)
    rows = ["| Measure (median of rounds) | raw WebClient | FailoverChatClient | FailoverChatClient vs raw |",
            "|---|---|---|---|",
            f"| Chunks per second | {median('rawWebClientStream', 'chunks'):.0f} | "
            f"{median('failoverStream', 'chunks'):.0f} | {ratio:.2f}× |",
            f"| First token, p50 (µs) | {median('rawWebClientStream', 'p50'):.0f} | "
            f"{median('failoverStream', 'p50'):.0f} | {added:+.0f} µs |",
            f"| First token, p99 (µs) | {median('rawWebClientStream', 'p99'):.0f} | "
            f"{median('failoverStream', 'p99'):.0f} | |",
            f"| CPU per stream of {CHUNKS} chunks, whole process (µs) | {median('rawWebClientStream', 'cpu'):.0f} | "
            f"{median('failoverStream', 'cpu'):.0f} | {cpu_ratio:.2f}× |"]
    rounds_line = ', '.join(f"{r['failoverStream']['chunks'] / r['rawWebClientStream']['chunks']:.2f}" for r in per_round)
    write_section('stream-jmh', '\n'.join(rows) + f"\n\nChunk rate ratio per round: {rounds_line}.")


TARGETS = ('direct', 'netty-relay', 'webflux-relay', 'llm-failover')
COLOURS = {'direct': ('#64748b', '#cbd5e1'), 'netty-relay': ('#a16207', '#fde68a'),
           'webflux-relay': ('#15803d', '#bbf7d0'), 'llm-failover': ('#0284c7', '#bae6fd')}


def gateway():
    results = [json.loads(line) for line in open(source) if line.strip()]
    rounds = {}
    for r in results:
        result = r['result']
        result['cpu_ms'] = r['ticks'] * 10 / max(1, result['streams'])
        rounds.setdefault((r['target'], result['concurrency']), []).append(result)
    # Each measure's median over the rounds.
    by = {key: {field: statistics.median(run[field] for run in runs) for field in runs[0]}
          for key, runs in rounds.items()}
    steps = sorted({c for _, c in by})
    targets = [t for t in TARGETS if any((t, c) in by for c in steps)]
    table = ["| Streams at a time | Target | Streams/s | vs direct | First token p50 ms | p99 ms | "
             "First token added, p50 ms | Whole stream p50 ms | p99 ms | Errors | CPU ms per stream (that process) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for c in steps:
        direct = by[('direct', c)]
        for target in targets:
            r = by[(target, c)]
            table.append(f"| {c} | {target} | {r['streams_per_s']:.0f} | {r['streams_per_s'] / direct['streams_per_s']:.2f}× | "
                         f"{r['first_token_p50_ms']:.1f} | {r['first_token_p99_ms']:.1f} | "
                         f"{r['first_token_p50_ms'] - direct['first_token_p50_ms']:+.1f} | "
                         f"{r['whole_p50_ms']:.1f} | {r['whole_p99_ms']:.1f} | {r['errors']:.0f} | {r['cpu_ms']:.2f} |")
    svg(by, steps, targets)
    added = []
    if 'llm-failover' in targets and len(rounds[('direct', steps[0])]) > 1:
        table.append('')
        table.append(f"Medians over {len(rounds[('direct', steps[0])])} rounds. First token added by llm-failover, p50, per round:")
        for c in steps:
            per_round = [f"{g['first_token_p50_ms'] - d['first_token_p50_ms']:+.1f}"
                         for g, d in zip(rounds[('llm-failover', c)], rounds[('direct', c)])]
            added.append(f"{c} streams: {', '.join(per_round)} ms")
        table.append('; '.join(added) + '.')
    write_section('stream-gateway', '\n'.join(table)
                  + "\n\n![First content token, p50 and p99, by concurrent streams](images/stream-first-token.svg)")


def svg(by, steps, targets):
    """Grouped bars: first-token p50 (solid) and p99 (light) per step, the targets side by side."""
    bar, gap = 44, 4
    group = len(targets) * (bar + gap) + 40
    width, height, left, bottom, top = max(760, 60 + group * len(steps)), 300, 60, 250, 40
    highest = max(by[(t, c)]['first_token_p99_ms'] for t in targets for c in steps)
    scale = (bottom - top) / (highest * 1.1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           '<text x="10" y="18" font-size="14">Time to the first content token (ms): p50 solid, p99 light</text>',
           f'<line x1="{left}" x2="{width - 10}" y1="{bottom}" y2="{bottom}" stroke="#334155"/>']
    for i, c in enumerate(steps):
        x0 = left + group * i + 20
        for j, target in enumerate(targets):
            r = by[(target, c)]
            x = x0 + j * (bar + gap)
            for field, colour in zip(('first_token_p99_ms', 'first_token_p50_ms'), reversed(COLOURS[target])):
                h = r[field] * scale
                out.append(f'<rect x="{x:.0f}" y="{bottom - h:.0f}" width="{bar}" height="{h:.0f}" fill="{colour}"/>')
                out.append(f'<text x="{x + bar / 2:.0f}" y="{bottom - h - 3:.0f}" text-anchor="middle" font-size="9">'
                           f'{r[field]:.1f}</text>')
            out.append(f'<text x="{x + bar / 2:.0f}" y="{bottom + 14}" text-anchor="middle" font-size="8">{target}</text>')
        out.append(f'<text x="{x0 + (group - 40) / 2:.0f}" y="{bottom + 32}" text-anchor="middle">{c} streams</text>')
    out.append('</svg>')
    os.makedirs('docs/images', exist_ok=True)
    open('docs/images/stream-first-token.svg', 'w').write('\n'.join(out))


{'jmh': jmh, 'gateway': gateway}[kind]()
