// The llm-failover demo dashboard. Provider state comes from /actuator/llmproviders (the source
// of truth) and the demo's own endpoints; everything is polled once a second.
'use strict';

const COLOURS = ['#38bdf8', '#a78bfa', '#f472b6', '#34d399', '#fbbf24', '#fb923c'];
const RECENT = 40;
const cards = new Map();
const colours = new Map();
let trafficRunning = false;
let demoAvailable = true;

const $ = (selector, root = document) => root.querySelector(selector);

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw Object.assign(new Error(`${url}: ${response.status}`), { status: response.status });
  }
  return response.json();
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(json.error || json.detail || `${url}: ${response.status}`);
  }
  return json;
}

function showError(message) {
  const error = $('#error');
  error.textContent = message;
  error.hidden = false;
  setTimeout(() => { error.hidden = true; }, 5000);
}

function colourOf(name) {
  if (!colours.has(name)) {
    colours.set(name, COLOURS[colours.size % COLOURS.length]);
  }
  return colours.get(name);
}

function percent(value) {
  return `${Math.round(value * 100)}%`;
}

function card(provider) {
  if (cards.has(provider.name)) {
    return cards.get(provider.name);
  }
  const element = $('#provider-template').content.firstElementChild.cloneNode(true);
  element.dataset.provider = provider.name;
  element.style.setProperty('--provider-colour', colourOf(provider.name));
  $('.name', element).textContent = provider.name;
  $('.save-weight', element).addEventListener('click', () => {
    const weight = Number($('.weight', element).value);
    post(`/actuator/llmproviders/${provider.name}`, { weight }).then(refresh);
  });
  $('.weight', element).addEventListener('focus', () => { element.dataset.editing = 'true'; });
  $('.weight', element).addEventListener('blur', () => { delete element.dataset.editing; });
  element.querySelectorAll('.chaos button').forEach((button) => {
    button.addEventListener('click', () => {
      const fault = button.dataset.fault;
      const action = fault === 'none'
        ? post(`/demo/providers/${provider.name}/reset`)
        : post(`/demo/providers/${provider.name}/fault`, { fault, seconds: 120 });
      action.then(refresh);
    });
  });
  $('#providers').appendChild(element);
  cards.set(provider.name, element);
  return element;
}

function render(providers, simulators, traffic) {
  const recent = traffic ? traffic.recent.slice(-RECENT) : [];
  const served = recent.filter((result) => result.served);
  for (const provider of providers) {
    const element = card(provider);
    const cooling = provider.cooldownUntil && new Date(provider.cooldownUntil) > new Date();
    const circuit = $('.circuit', element);
    circuit.textContent = cooling && provider.circuitState === 'CLOSED' ? 'COOLING DOWN' : provider.circuitState;
    circuit.className = `circuit ${cooling && provider.circuitState === 'CLOSED' ? 'COOLING' : provider.circuitState}`;
    $('.meta', element).textContent = `${provider.type} · ${provider.model} · priority ${provider.priority}`
      + (provider.enabled ? '' : ' · disabled');
    if (!element.dataset.editing) {
      $('.weight', element).value = provider.weight;
    }
    $('.share', element).textContent = percent(provider.share);
    $('.groups', element).textContent = (provider.groups || [])
      .map((group) => `${group.name} (priority ${group.priority}, weight ${group.weight}, ${percent(group.share)})`)
      .join(' · ') || '–';
    const mine = recent.filter((result) => result.provider === provider.name);
    $('.recent-share', element).textContent = recent.length ? percent(mine.length / recent.length) : '–';
    $('.failure-rate', element).textContent = provider.failureRate == null ? '–' : `${provider.failureRate.toFixed(0)}%`;
    $('.cooldown', element).textContent = cooling
      ? `${Math.ceil((new Date(provider.cooldownUntil) - new Date()) / 1000)} s left` : '–';
    $('.rate-limit', element).textContent = rateLimit(provider.rateLimitHeaders);
    $('.latency-share', element).textContent = provider.latencyShare
      ? `${percent(provider.latencyShare.effectiveShare)} of ${percent(provider.latencyShare.configuredShare)}: `
        + provider.latencyShare.reason : '–';
    const simulator = simulators && simulators.find((candidate) => candidate.name === provider.name);
    $('.fault', element).textContent = simulator ? simulator.fault : 'not simulated';
    drawLatency(element, mine.filter((result) => result.served).slice(-30).map((result) => result.latencyMs));
    $('.last-error', element).textContent = provider.lastError
      ? `${new Date(provider.lastError.time).toLocaleTimeString()} ${provider.lastError.type}`
        + `${provider.lastError.status ? ` (${provider.lastError.status})` : ''}: ${provider.lastError.message}` : '–';
    element.querySelector('.chaos').hidden = !simulator;
  }
  renderStrip(recent, served.length);
}

// What the provider's last rate-limit headers said is left, and when the window resets.
function rateLimit(headers) {
  if (!headers) {
    return '–';
  }
  const left = [];
  if (headers.remainingRequests != null) {
    left.push(`${headers.remainingRequests.toLocaleString()} requests`);
  }
  if (headers.remainingTokens != null) {
    left.push(`${headers.remainingTokens.toLocaleString()} tokens`);
  }
  const reset = headers.requestsResetAt || headers.tokensResetAt;
  return `${left.join(' · ')} left` + (reset ? `, resets ${new Date(reset).toLocaleTimeString()}` : '');
}

function drawLatency(element, latencies) {
  const svg = $('.latency', element);
  const text = $('.latency-text', element);
  if (!latencies.length) {
    svg.innerHTML = '';
    text.textContent = '–';
    return;
  }
  const max = Math.max(...latencies, 1);
  const step = 120 / Math.max(latencies.length - 1, 1);
  const points = latencies.map((latency, i) => `${(i * step).toFixed(1)},${(27 - (latency / max) * 25).toFixed(1)}`);
  svg.innerHTML = `<polyline points="${points.join(' ')}"></polyline>`;
  text.textContent = `${latencies[latencies.length - 1]} ms`;
}

function renderStrip(recent, servedCount) {
  const strip = $('#recent-strip');
  strip.innerHTML = '';
  for (const result of recent) {
    const cell = document.createElement('span');
    cell.style.background = result.served ? colourOf(result.provider) : 'var(--bad)';
    cell.title = result.served
      ? `${result.provider}: ${result.latencyMs} ms, ${result.attempts} attempt(s)` : `no answer: ${result.error}`;
    strip.appendChild(cell);
  }
  $('#legend').innerHTML = [...colours.entries()]
    .map(([name, colour]) => `<span><i style="background:${colour}"></i>${name}</span>`).join('')
    + (recent.length ? `<span>${servedCount}/${recent.length} answered</span>` : '');
}

// Each model group, its aliases (the models a gateway client may ask for) and its providers.
function renderGroups(groups, defaultGroup) {
  $('#groups').textContent = groups.length ? 'Model groups: ' + groups.map((group) => group.name
    + (group.aliases.length ? ` (also ${group.aliases.join(', ')})` : '')
    + ` → ${group.providers.join(', ')}` + (group.name === defaultGroup ? ' [default]' : '')).join(' · ') : '';
}

function renderTraffic(traffic) {
  trafficRunning = Boolean(traffic && traffic.running);
  const rate = $('#traffic-rate');
  if (trafficRunning && document.activeElement !== rate) {
    rate.value = traffic.rate;
    $('#traffic-rate-value').value = traffic.rate;
  }
  $('#traffic-toggle').textContent = trafficRunning ? 'Stop traffic' : 'Send traffic';
  $('#traffic-status').textContent = !traffic ? 'Demo controls are only available in the demo profile.'
    : trafficRunning ? `Sending ${traffic.rate} requests/s (${traffic.sent} sent; stops by itself at `
      + `${new Date(traffic.stopsAt).toLocaleTimeString()}).` : `Traffic stopped (${traffic.sent} sent).`;
}

async function refresh() {
  try {
    const [endpoint, simulators, traffic] = await Promise.all([
      getJson('/actuator/llmproviders'),
      demoAvailable ? getJson('/demo/providers').catch(noDemo) : null,
      demoAvailable ? getJson('/demo/traffic').catch(noDemo) : null,
    ]);
    render(endpoint.providers, simulators, traffic);
    renderGroups(endpoint.groups || [], endpoint.defaultGroup);
    renderTraffic(traffic);
  }
  catch (error) {
    showError(`Cannot read the providers: ${error.message}`);
  }
}

function noDemo(error) {
  if (error.status === 404) {
    demoAvailable = false;
    $('#demo-controls').hidden = true;
    return null;
  }
  throw error;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function renderTurn(turn, number) {
  const item = element('li');
  item.dataset.provider = turn.provider;
  item.dataset.tools = turn.toolCalls.map((call) => call.name).join(' ');
  const served = element('span', 'served', turn.provider);
  served.style.background = colourOf(turn.provider);
  item.append(`Turn ${number}: `, served);
  if (turn.failedOver.length) {
    item.append(' ', element('span', 'failed', `after ${turn.failedOver
      .map((attempt) => `${attempt.provider} ${attempt.outcome}${attempt.status ? ` (${attempt.status})` : ''}`)
      .join(', ')}`));
  }
  if (turn.toolCalls.length) {
    for (const call of turn.toolCalls) {
      item.append(' · called ', element('code', 'call', `${call.name}(${call.arguments}) → ${call.result}`));
    }
  }
  else {
    item.append(' · answered: ', element('span', 'answer', turn.content));
  }
  $('#agent-turns').appendChild(item);
}

// Server-sent events from a POST (EventSource can only GET): split the body into events.
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const lines = buffer.slice(0, end).split(/\r?\n/);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).join('\n');
      onEvent(event, JSON.parse(data));
    }
  }
}

async function runAgent(event) {
  event.preventDefault();
  const status = $('#agent-status');
  const run = $('#agent-run');
  $('#agent-turns').innerHTML = '';
  run.disabled = true;
  status.textContent = 'Running…';
  const served = [];
  try {
    const response = await fetch('/agent/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ prompt: $('#agent-prompt').value, breakEachTurnsProvider: $('#agent-break').checked }),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.error || `${response.status}`);
    }
    let failure = null;
    await readEvents(response, (name, data) => {
      if (name === 'turn') {
        served.push(data.provider);
        renderTurn(data, served.length);
        status.textContent = `Turn ${served.length} served by ${data.provider}…`;
      }
      else if (name === 'error') {
        failure = data.error;
      }
    });
    status.textContent = failure ? `The agent stopped: ${failure}`
      : `Answered in ${served.length} turn(s), served by ${served.join(' → ')}.`;
  }
  catch (error) {
    status.textContent = `The agent could not run: ${error.message}`;
  }
  finally {
    run.disabled = false;
    refresh();
  }
}

$('#agent-form').addEventListener('submit', runAgent);
$('#traffic-rate').addEventListener('input', (event) => { $('#traffic-rate-value').value = event.target.value; });
$('#traffic-toggle').addEventListener('click', () => {
  const rate = Number($('#traffic-rate').value);
  post('/demo/traffic', trafficRunning ? { running: false } : { running: true, rate }).then(refresh);
});
$('#reset-all').addEventListener('click', async () => {
  await post('/demo/providers/reset');
  await Promise.all([...cards.keys()].map((name) => post(`/actuator/llmproviders/${name}`, { reset: true })));
  refresh();
});

refresh();
setInterval(refresh, 1000);
