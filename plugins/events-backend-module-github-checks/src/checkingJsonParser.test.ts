import { createHmac } from 'node:crypto';
import { createCheckingJsonParser } from './checkingJsonParser';

const SECRET = 'parser-test-secret';

function sign(body: string, secret = SECRET) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function call(
  parser: ReturnType<typeof createCheckingJsonParser>,
  options: {
    body: string;
    topic?: string;
    headers?: Record<string, string>;
    type?: string;
    charset?: string;
  },
) {
  const request = {
    body: Buffer.from(options.body),
    headers: options.headers ?? {},
  } as any;
  const mediaType = {
    type: options.type ?? 'application/json',
    parameters: options.charset ? { charset: options.charset } : {},
  } as any;
  return parser(request, mediaType, options.topic ?? 'github');
}

const pullRequest = JSON.stringify({
  action: 'opened',
  repository: { full_name: 'lunarway/payments' },
  pull_request: { number: 3, title: 'Add' },
});

describe('createCheckingJsonParser', () => {
  const parser = createCheckingJsonParser({ githubSecrets: [SECRET] });

  it('passes a signed GitHub webhook through, parsed', async () => {
    const result = await call(parser, {
      body: pullRequest,
      headers: {
        'x-github-event': 'pull_request',
        'x-hub-signature-256': sign(pullRequest),
      },
    });
    expect(result.bodyParsed).toEqual(JSON.parse(pullRequest));
    expect(result.encoding).toBe('utf-8');
  });

  it('accepts a signature made with any configured secret (GitHub Apps)', async () => {
    const two = createCheckingJsonParser({ githubSecrets: ['a', SECRET] });
    await expect(
      call(two, {
        body: pullRequest,
        headers: { 'x-hub-signature-256': sign(pullRequest) },
      }),
    ).resolves.toBeDefined();
  });

  it.each([
    ['missing', undefined, /no X-Hub-Signature-256/],
    ['wrong', sign(pullRequest, 'other'), /does not match/],
    ['garbled', 'sha256=zz', /does not match/],
    ['of another body', sign('{}'), /does not match/],
  ])('refuses a %s signature as AuthenticationError', async (_, sig, msg) => {
    const headers: Record<string, string> = {
      'x-github-event': 'pull_request',
    };
    if (sig) headers['x-hub-signature-256'] = sig;
    await expect(
      call(parser, { body: pullRequest, headers }),
    ).rejects.toMatchObject({ name: 'AuthenticationError', message: msg });
  });

  it('checks the signature before the body: unsigned garbage is a 401, not a 400', async () => {
    await expect(call(parser, { body: '<xml/>' })).rejects.toMatchObject({
      name: 'AuthenticationError',
    });
  });

  it('refuses a signed body that is not JSON as InputError', async () => {
    await expect(
      call(parser, {
        body: 'not json',
        headers: { 'x-hub-signature-256': sign('not json') },
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^The body is not valid JSON/),
    });
  });

  it('refuses a recorded event type without what it carries, names the field', async () => {
    const body = JSON.stringify({ action: 'completed', repository: {} });
    await expect(
      call(parser, {
        body,
        headers: {
          'x-github-event': 'workflow_run',
          'x-hub-signature-256': sign(body),
        },
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'Malformed workflow_run payload: missing repository.full_name',
    });
  });

  it('leaves event types the portal does not record alone (ping of an organisation hook)', async () => {
    const body = JSON.stringify({ zen: 'Keep it simple.', hook_id: 1 });
    const result = await call(parser, {
      body,
      headers: { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body) },
    });
    expect(result.bodyParsed).toEqual({ zen: 'Keep it simple.', hook_id: 1 });
  });

  it('checks no signature on other topics, and none when no secret is configured', async () => {
    await expect(
      call(parser, { topic: 'release', body: '{"a":1}' }),
    ).resolves.toMatchObject({ bodyParsed: { a: 1 } });
    const open = createCheckingJsonParser({ githubSecrets: [] });
    await expect(call(open, { body: pullRequest })).resolves.toBeDefined();
  });

  it('refuses a body that is not JSON on other topics too, and an unknown charset', async () => {
    await expect(
      call(parser, { topic: 'release', body: '{' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      call(parser, { topic: 'release', body: '{}', charset: 'klingon' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'Unsupported charset: klingon',
    });
  });

  it('decodes with the declared charset before checking and parsing', async () => {
    const body = JSON.stringify({ name: 'Åse' });
    const latin1 = Buffer.from(body, 'latin1');
    const result = await parser(
      {
        body: latin1,
        headers: { 'x-hub-signature-256': sign(body) },
      } as any,
      { type: 'application/json', parameters: { charset: 'latin1' } } as any,
      'github',
    );
    expect(result.bodyParsed).toEqual({ name: 'Åse' });
  });
});
