/*
 * What `yarn demo` sends, kept apart from the sending so that it is tested
 * (src/demoData.test.ts): the portal's settings from its config files, the
 * releases with vulnerability counts, and GitHub webhooks signed as GitHub
 * signs them. Everything is labelled as demo data: author demo-bot, PR
 * titles prefixed "[demo]", release message "demo release".
 */
const { createHmac, randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const YAML = require('yaml');

const DEMO_ACTOR = 'demo-bot';
const DAY_MS = 24 * 60 * 60 * 1000;

/** `sha256=<hex>`, the X-Hub-Signature-256 header GitHub sends. */
function signWebhook(secret, body) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `${VAR}` from the environment, as the Backstage config loader does. */
function substitute(value, env) {
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{(\w+)\}/g, (_, name) => env[name] ?? '');
}

function get(config, path) {
  return path.reduce(
    (node, key) => (node && typeof node === 'object' ? node[key] : undefined),
    config,
  );
}

/**
 * The portal URL, a static token that may record releases and the GitHub
 * webhook secret, from the config files (later files win, arrays replace as
 * in Backstage) unless the environment sets them:
 * DEMO_BASE_URL, DEMO_INGEST_TOKEN, DEMO_WEBHOOK_SECRET.
 */
function readPortalSettings(configTexts, env = process.env) {
  const configs = configTexts.map(text => YAML.parse(text) ?? {});
  const last = path =>
    configs
      .map(c => get(c, path))
      .filter(v => v !== undefined)
      .pop();

  const access = last(['backend', 'auth', 'externalAccess']) ?? [];
  const ingest = access.find(
    entry =>
      entry?.type === 'static' &&
      (!entry.accessRestrictions ||
        entry.accessRestrictions.some(r => r.plugin === 'release-status')),
  );
  return {
    baseUrl: (
      env.DEMO_BASE_URL ||
      substitute(last(['backend', 'baseUrl']), env) ||
      'http://localhost:7007'
    ).replace(/\/+$/, ''),
    token:
      env.DEMO_INGEST_TOKEN || substitute(ingest?.options?.token, env) || '',
    webhookSecret:
      env.DEMO_WEBHOOK_SECRET ||
      substitute(last(['events', 'modules', 'github', 'webhookSecret']), env) ||
      '',
  };
}

/** The config files a started portal reads: DEMO_CONFIG (a:b) or the defaults. */
function readConfigFiles(root, env = process.env) {
  const files = env.DEMO_CONFIG
    ? env.DEMO_CONFIG.split(':').filter(Boolean)
    : ['app-config.yaml', 'app-config.local.yaml'].filter(f =>
        fs.existsSync(`${root}/${f}`),
      );
  return files.map(f =>
    fs.readFileSync(f.startsWith('/') ? f : `${root}/${f}`, 'utf8'),
  );
}

function sha(n = 20) {
  return randomBytes(n)
    .toString('hex')
    .slice(0, n * 2);
}

/**
 * Releases of a squad's services with their scans: yesterday's to prod, then
 * today's to dev and prod, some with fewer high CVEs than yesterday and one
 * with more, so the Security card has a change to tell from the first day.
 * `services`: [{ service, yesterday: {critical, high}, today: {critical, high} }]
 */
function demoReleases(services, now = Date.now()) {
  const releases = [];
  const scan = ({ critical, high }) => ({
    critical,
    high,
    medium: high * 2 + 1,
    low: high * 3 + 2,
  });
  for (const s of services) {
    const release = (environment, at, figures, commit) => ({
      service: s.service,
      environment,
      artifactId: `master-${commit.slice(0, 10)}-${sha(5)}`,
      sha: commit,
      branch: 'master',
      releasedAt: new Date(at).toISOString(),
      releasedBy: DEMO_ACTOR,
      author: DEMO_ACTOR,
      message: 'demo release',
      intent: 'release',
      vulnerabilities: scan(figures),
    });
    const before = sha();
    const after = sha();
    releases.push(release('prod', now - DAY_MS, s.yesterday, before));
    releases.push(release('dev', now - 30 * 60_000, s.today, after));
    releases.push(release('prod', now - 10 * 60_000, s.today, after));
  }
  return releases;
}

/**
 * A pull request opened and approved and a build of the default branch in
 * one repository, as GitHub's webhooks carry them (trimmed to what the
 * portal reads).
 */
function demoWebhooks(repository, now = Date.now(), number = 1) {
  const [owner, name] = repository.split('/');
  const repo = {
    id: 4242,
    name,
    full_name: repository,
    html_url: `https://github.com/${repository}`,
    default_branch: 'main',
    owner: { login: owner },
  };
  const user = { login: DEMO_ACTOR, type: 'Bot' };
  const iso = ms => new Date(ms).toISOString();
  const pr = {
    id: 900000 + number,
    node_id: `PR_demo_${number}`,
    number,
    state: 'open',
    title: '[demo] Enable Istio Service Mesh',
    html_url: `https://github.com/${repository}/pull/${number}`,
    user,
    created_at: iso(now - 20 * 60_000),
    updated_at: iso(now - 20 * 60_000),
    draft: false,
    merged: false,
    base: { ref: 'main' },
    head: { ref: `demo-${number}` },
  };
  const headSha = sha();
  return [
    {
      event: 'pull_request',
      payload: {
        action: 'opened',
        number,
        pull_request: pr,
        repository: repo,
        sender: user,
      },
    },
    {
      event: 'pull_request_review',
      payload: {
        action: 'submitted',
        review: {
          id: 700000 + number,
          state: 'approved',
          user,
          body: 'demo approval',
          html_url: `${pr.html_url}#pullrequestreview-${700000 + number}`,
          submitted_at: iso(now - 15 * 60_000),
        },
        pull_request: pr,
        repository: repo,
        sender: user,
      },
    },
    {
      event: 'workflow_run',
      payload: {
        action: 'completed',
        workflow_run: {
          id: 800000 + number,
          name: 'CI',
          head_branch: 'main',
          head_sha: headSha,
          status: 'completed',
          conclusion: 'success',
          html_url: `https://github.com/${repository}/actions/runs/${
            800000 + number
          }`,
          actor: user,
          updated_at: iso(now - 5 * 60_000),
        },
        repository: repo,
        sender: user,
      },
    },
  ];
}

/** The headers and body of one webhook delivery, signed with the secret. */
function webhookRequest(secret, hook) {
  const body = JSON.stringify(hook.payload);
  return {
    headers: {
      'content-type': 'application/json',
      'x-github-event': hook.event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signWebhook(secret, body),
    },
    body,
  };
}

module.exports = {
  DEMO_ACTOR,
  demoReleases,
  demoWebhooks,
  readConfigFiles,
  readPortalSettings,
  signWebhook,
  webhookRequest,
};
