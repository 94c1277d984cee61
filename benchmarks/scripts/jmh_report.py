"""Turns run-jmh.sh's JSON results into a table and an SVG chart in docs/performance.md."""
import datetime
import glob
import json
import re
import statistics
import sys

work, command, machine = sys.argv[1:4]

def scores(path):
    return {entry['benchmark'].rsplit('.', 1)[1]: entry for entry in json.load(open(path))}

throughput = [scores(p) for p in sorted(glob.glob(f'{work}/throughput-*.json'))]
latency = [scores(p) for p in sorted(glob.glob(f'{work}/latency-*.json'))]
allocation = scores(f'{work}/allocation.json')

def median_ratio(rounds, name, base='rawWebClient'):
    return statistics.median(r[name]['primaryMetric']['score'] / r[base]['primaryMetric']['score'] for r in rounds if name in r)

def median_score(rounds, name):
    return statistics.median(r[name]['primaryMetric']['score'] for r in rounds if name in r)

rows = ["| Benchmark | Requests/s (median of rounds) | vs raw WebClient (median of per-round ratios) | Rounds |",
        "|---|---|---|---|"]
names = ['rawWebClient', 'failoverOneProvider', 'failoverTwoProviders', 'failoverThreeProvidersOneCircuitOpen',
         'componentRawWithTimeout', 'componentRawThroughSpringCloudBreaker', 'componentRawOverTwoPools']
labels = {'rawWebClient': 'raw WebClient call (baseline)', 'failoverOneProvider': 'FailoverChatClient, 1 provider',
          'failoverTwoProviders': 'FailoverChatClient, 2 healthy providers',
          'failoverThreeProvidersOneCircuitOpen': 'FailoverChatClient, 3 providers, 1 circuit open',
          'componentRawWithTimeout': 'component: raw call + one timeout',
          'componentRawThroughSpringCloudBreaker': 'component: raw call through Spring Cloud CircuitBreaker run()',
          'componentRawOverTwoPools': 'component: raw calls spread over two pools'}
ratios = {}
for name in names:
    present = [r for r in throughput if name in r]
    if not present:
        continue
    ratios[name] = median_ratio(present, name)
    rows.append(f"| {labels[name]} | {median_score(present, name):.0f} | {ratios[name]:.2f}× | {len(present)} |")

raw_us = median_score(latency, 'rawWebClient')
failover_us = median_score(latency, 'failoverOneProvider')
added = statistics.median(r['failoverOneProvider']['primaryMetric']['score'] - r['rawWebClient']['primaryMetric']['score']
                          for r in latency)

def alloc(name):
    return allocation[name]['secondaryMetrics']['gc.alloc.rate.norm']['score']

lines = ["| Measure | raw WebClient | FailoverChatClient | Difference |", "|---|---|---|---|",
         f"| Latency of one call, one thread (µs, median of rounds) | {raw_us:.1f} | {failover_us:.1f} | {added:+.1f} µs |",
         f"| Allocation per call (bytes) | {alloc('rawWebClient'):.0f} | {alloc('failoverOneProvider'):.0f} | "
         f"{alloc('failoverOneProvider') - alloc('rawWebClient'):+.0f} B |"]

width, height, left = 760, 40 + 34 * len(ratios), 420
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       '<text x="10" y="18" font-size="14">Throughput relative to a raw WebClient call (1.00 = same)</text>']
scale = (width - left - 60)
x95 = left + scale * 0.95
svg.append(f'<line x1="{x95:.0f}" x2="{x95:.0f}" y1="26" y2="{height - 6}" stroke="#ef4444" stroke-dasharray="4 3"/>')
svg.append(f'<text x="{x95 + 3:.0f}" y="{height - 8}" fill="#ef4444" font-size="10">0.95 goal</text>')
for i, (name, ratio) in enumerate(ratios.items()):
    y = 34 + 34 * i
    svg.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{labels[name]}</text>')
    colour = '#94a3b8' if name == 'rawWebClient' else ('#0ea5e9' if name.startswith('failover') else '#a78bfa')
    svg.append(f'<rect x="{left}" y="{y}" width="{scale * min(ratio, 1.1):.0f}" height="22" fill="{colour}"/>')
    svg.append(f'<text x="{left + scale * min(ratio, 1.1) + 4:.0f}" y="{y + 15}">{ratio:.2f}×</text>')
svg.append('</svg>')
open('docs/images/jmh-ratios.svg', 'w').write('\n'.join(svg))

section = (f"<!-- jmh:start -->\nRun on {datetime.date.today()} ({machine}) with `{command}`; throughput with "
           f"concurrent callers, one local upstream answering at once:\n\n" + '\n'.join(rows) + "\n\n" + '\n'.join(lines)
           + "\n\n![Throughput relative to a raw WebClient call](images/jmh-ratios.svg)\n<!-- jmh:end -->")
path = 'docs/performance.md'
text = open(path).read()
text = re.sub(r'<!-- jmh:start -->.*?<!-- jmh:end -->', lambda m: section, text, flags=re.S)
open(path, 'w').write(text)
print('\n'.join(rows))
print('\n'.join(lines))
