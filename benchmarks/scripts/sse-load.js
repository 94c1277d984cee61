// Closed-loop load of streamed chat completions, reading the server-sent events as a chat
// client does: N streams at a time, each posting the request again as soon as its answer
// ends. Timestamps the first content token (the first data line whose
// choices[0].delta.content is not empty) and the end of each answer (data: [DONE]), from
// the moment the request is sent. Node's own http module, keep-alive connections, no
// dependencies. Prints one JSON line.
//
//   node sse-load.js <url> <concurrent-streams> <seconds>
'use strict';
const http = require('http');

const [url, concurrencyArg, secondsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const target = new URL(url);
const body = JSON.stringify({
  model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Say hello.' }],
});
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const firstTokens = [];
const wholeStreams = [];
let errors = 0;
let chunks = 0;
const started = process.hrtime.bigint();
const end = started + BigInt(seconds * 1e9);

function millisSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// Reads the events of one answer; calls done(error) once.
function stream(done) {
  const start = process.hrtime.bigint();
  let first = true;
  let finished = false;
  let pending = '';
  const finish = (error) => {
    if (!finished) {
      finished = true;
      done(error);
    }
  };
  const request = http.request(target, {
    method: 'POST', agent,
    headers: {
      'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer bench-key',
      'content-length': Buffer.byteLength(body),
    },
  }, (response) => {
    if (response.statusCode !== 200) {
      response.resume();
      finish(new Error('HTTP ' + response.statusCode));
      return;
    }
    response.setEncoding('utf8');
    response.on('data', (text) => {
      pending += text;
      let eventEnd;
      while ((eventEnd = pending.indexOf('\n\n')) >= 0) {
        const event = pending.slice(0, eventEnd);
        pending = pending.slice(eventEnd + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data:')) {
            continue;
          }
          const data = line.slice(5).trim();
          if (data === '[DONE]') {
            wholeStreams.push(millisSince(start));
            continue;
          }
          chunks++;
          if (first) {
            const choice = JSON.parse(data).choices[0];
            if (choice && choice.delta && choice.delta.content) {
              first = false;
              firstTokens.push(millisSince(start));
            }
          }
        }
      }
    });
    response.on('end', () => finish(first ? new Error('no content') : null));
    response.on('error', finish);
  });
  request.on('error', finish);
  request.end(body);
}

function loop(resolve) {
  if (process.hrtime.bigint() >= end) {
    resolve();
    return;
  }
  stream((error) => {
    if (error) {
      errors++;
    }
    loop(resolve);
  });
}

function percentile(values, rank) {
  if (values.length === 0) {
    return 0;
  }
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(rank * sorted.length))];
}

Promise.all(Array.from({ length: concurrency }, () => new Promise(loop))).then(() => {
  const elapsed = millisSince(started) / 1000;
  console.log(JSON.stringify({
    concurrency, seconds: elapsed, streams: wholeStreams.length, errors, chunks,
    streams_per_s: wholeStreams.length / elapsed,
    first_token_p50_ms: percentile(firstTokens, 0.5), first_token_p99_ms: percentile(firstTokens, 0.99),
    whole_p50_ms: percentile(wholeStreams, 0.5), whole_p99_ms: percentile(wholeStreams, 0.99),
  }));
  agent.destroy();
});
