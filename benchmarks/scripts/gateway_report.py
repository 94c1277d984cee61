"""Turns run-gateway.sh's results into a table and an SVG chart in docs/performance.md."""
import datetime
import re
import sys

results_path, command, machine, latency_ms, duration = sys.argv[1:6]
CLK_TCK = 100
rows = []
for line in open(results_path):
    name, concurrency, ticks = line.split()[:3]
    fields = dict(pair.split('=') for pair in re.findall(r'(\w+=\d+)', line))
    requests = int(fields['requests'])
    seconds = int(fields['duration_us']) / 1e6
    errors = int(fields['errors_status']) + int(fields['errors_connect']) + int(fields['errors_timeout'])
    rows.append({
        'name': name, 'c': int(concurrency), 'rps': requests / seconds,
        'p50': int(fields['p50_us']) / 1000, 'p99': int(fields['p99_us']) / 1000,
        'errors': errors, 'cpu_ms': int(ticks) * 1000 / CLK_TCK / max(requests, 1),
        'heap_avg': int(fields.get('heap_avg_mb', 0)), 'heap_max': int(fields.get('heap_max_mb', 0)),
    })

# Rows named target@prompt-kb are the long-context part; the others the concurrency steps.
long_rows = [r for r in rows if '@' in r['name']]
rows = [r for r in rows if '@' not in r['name']]
path = 'docs/performance.md'
text = open(path).read()


def write_section(marker, body):
    global text
    section = (f"<!-- {marker}:start -->\nRun on {datetime.date.today()} ({machine}), {duration} s per step, "
               f"with `{command}`:\n\n{body}\n<!-- {marker}:end -->")
    text = re.sub(f'<!-- {marker}:start -->.*?<!-- {marker}:end -->', lambda m: section, text, flags=re.S)


if long_rows:
    def size(kb):
        return 'short (~150 B)' if kb == 0 else (f'{kb // 1024} MB' if kb % 1024 == 0 else f'{kb} KB')

    long_table = ["| Prompt | Target | Requests/s | vs direct, same prompt | p50 ms | p99 ms | Errors | "
                  "Heap in use, avg / max MB (that process) | CPU ms per request (that process) |",
                  "|---|---|---|---|---|---|---|---|---|"]
    by_name = {r['name']: r for r in long_rows}
    for kb in sorted({int(r['name'].split('@')[1]) for r in long_rows}):
        direct = by_name[f'direct@{kb}']
        for target in ('direct', 'spring-proxy', 'llm-failover'):
            r = by_name[f'{target}@{kb}']
            long_table.append(f"| {size(kb)} | {target} | {r['rps']:.0f} | {r['rps'] / direct['rps']:.2f}× | "
                              f"{r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | {r['heap_avg']} / {r['heap_max']} | "
                              f"{r['cpu_ms']:.2f} |")
    write_section('gateway-long', f"Concurrency {long_rows[0]['c']}:\n\n" + '\n'.join(long_table))
    print('\n'.join(long_table))
if not rows:
    open(path, 'w').write(text)
    sys.exit(0)

TARGETS = ('direct', 'spring-proxy', 'llm-failover', 'portkey')


def find(name, c):
    return next(r for r in rows if r['name'] == name and r['c'] == c)

table = ["| Concurrency | Target | Requests/s | vs direct | p50 ms | p99 ms | Errors | CPU ms per request (that process) |",
         "|---|---|---|---|---|---|---|---|"]
for c in sorted({r['c'] for r in rows}):
    direct = find('direct', c)
    for r in (find(name, c) for name in TARGETS):
        table.append(f"| {c} | {r['name']} | {r['rps']:.0f} | {r['rps'] / direct['rps']:.2f}× | {r['p50']:.1f} | "
                     f"{r['p99']:.1f} | {r['errors']} | {r['cpu_ms']:.3f} |")
ratios = ["| Concurrency | llm-failover / direct RPS | llm-failover / spring-proxy RPS | "
          "llm-failover / Portkey RPS | p99 llm-failover / Portkey | CPU per request llm-failover / spring-proxy |",
          "|---|---|---|---|---|---|"]
for c in sorted({r['c'] for r in rows}):
    app, proxy, portkey, direct = (find(name, c) for name in ('llm-failover', 'spring-proxy', 'portkey', 'direct'))
    ratios.append(f"| {c} | {app['rps'] / direct['rps']:.2f}× | {app['rps'] / proxy['rps']:.2f}× | "
                  f"{app['rps'] / portkey['rps']:.2f}× | {app['p99'] / portkey['p99']:.2f}× | "
                  f"{app['cpu_ms'] / proxy['cpu_ms']:.2f}× |")

# Chart: grouped bars of requests per second by concurrency.
colours = {'direct': '#94a3b8', 'spring-proxy': '#a78bfa', 'llm-failover': '#0ea5e9', 'portkey': '#f97316'}
cs = sorted({r['c'] for r in rows})
top = max(r['rps'] for r in rows) * 1.15
width, height, left, bottom = 640, 320, 60, 40
group = (width - left - 20) / len(cs)
bar = group / 5
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="14">Requests per second, {latency_ms} ms upstream (higher is better)</text>']
for i in range(5):
    y = height - bottom - (height - bottom - 30) * i / 4
    svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.0f}" y2="{y:.0f}" stroke="#e2e8f0"/>')
    svg.append(f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">{top * i / 4:.0f}</text>')
for gi, c in enumerate(cs):
    x0 = left + gi * group + bar / 2
    for bi, name in enumerate(TARGETS):
        r = find(name, c)
        h = (height - bottom - 30) * r['rps'] / top
        x = x0 + bi * bar
        svg.append(f'<rect x="{x:.0f}" y="{height - bottom - h:.0f}" width="{bar - 4:.0f}" height="{h:.0f}" fill="{colours[name]}"/>')
        svg.append(f'<text x="{x + (bar - 4) / 2:.0f}" y="{height - bottom - h - 4:.0f}" text-anchor="middle" font-size="10">{r["rps"]:.0f}</text>')
    svg.append(f'<text x="{x0 + 2 * bar:.0f}" y="{height - bottom + 16}" text-anchor="middle">concurrency {c}</text>')
for li, name in enumerate(TARGETS):
    svg.append(f'<rect x="{left + li * 130}" y="{height - 14}" width="10" height="10" fill="{colours[name]}"/>')
    svg.append(f'<text x="{left + li * 130 + 14}" y="{height - 5}">{name}</text>')
svg.append('</svg>')
open('docs/images/gateway-rps.svg', 'w').write('\n'.join(svg))

write_section('gateway', '\n'.join(table) + "\n\nRatios:\n\n" + '\n'.join(ratios)
              + "\n\n![Requests per second by concurrency](images/gateway-rps.svg)")
open(path, 'w').write(text)
print('\n'.join(table))
print('\n'.join(ratios))
