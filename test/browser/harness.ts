/**
 * Browser-test harness: the real bot (in-process), the Microsoft 365 Agents Playground (a child
 * process) and headless Chromium (playwright-core), wired together on free loopback ports.
 *
 *   const stack = await startStack();              // personal chat open, welcome card on its way
 *   await say(stack.page, 'help');
 *   const card = await waitForCard(stack.page, 'What I can help with', { fresh: true });
 *   await clickCardButton(card, 'Browse glossary');
 *   await openChat(stack.page, 'group');           // say() then @mentions the bot for you
 *   await stack.sendAs('Priya', 'map');            // another member of the group chat
 *   await stack.actAs('Tom', 'Case 4', 'Add to the map', { items: 'Dad drinks at weekends' });
 *   await stack.stop();
 *
 * Card helpers find inputs the way a screen reader does: Input.Text by its label (role textbox),
 * expanded Input.ChoiceSet as a radiogroup, compact ones as a combobox, Input.Toggle and multi-select
 * choices as checkboxes, buttons by title. Other selectors: compose box `[role="textbox"]`, send
 * `button[aria-label="Send Message"]` (channel: the "Post" button), card `.ac-adaptiveCard`, any bot
 * message `.fai-OutputCard`, conversations `getByRole('treeitem', { name })`.
 *
 * What the playground (0.2.28) does, checked by hand:
 * - It always speaks as `currentUser` of src/tools/playground/.m365agentsplayground.yml and has no
 *   user switcher. `stack.sendAs` / `stack.actAs` post an activity from another user straight to the
 *   bot, with the playground as its connector, so the bot's replies and in-place edits show up in the
 *   page (the other user's own message does not).
 * - In the group chat and channels it forwards only messages that @mention the bot (picked from the
 *   "@" menu); it sends `<at>SofS Companion</at> text` with a `mention` entity for the bot.
 * - Action.Execute sends an `adaptiveCard/action` invoke; a card in the invoke response replaces
 *   the clicked card in place (a text response shows as a banner under it). Action.Submit sends a
 *   message with `value` and `replyToId`. PUT (updateActivity) edits a message in place.
 * - Each page load installs the app in the personal chat (installationUpdate + conversationUpdate
 *   with the bot in membersAdded); the group chat and channel get the same on first opening.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type RunningBot, startBot } from '../../src/main';
import { launchChromium } from '../helpers/browser';
import { walk } from '../helpers/cardCheck';
import { postActivity } from '../helpers/http';
import { freePort } from '../helpers/net';

const ROOT = resolve(__dirname, '../..');
const PLAYGROUND_BIN = join(ROOT, 'node_modules/.bin/agentsplayground');
export const PLAYGROUND_CONFIG = join(ROOT, 'src/tools/playground/.m365agentsplayground.yml');
export const RESULTS_DIR = join(ROOT, 'test-results');

// ---------------------------------------------------------------------------------------------
// The pretend tenant (read from the same file `npm run dev` uses)

export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
}

interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; channels: { id: string; name: string }[] };
}

/** Bot, users and conversation ids of the playground, e.g. `tenant.users[0].name` is "Priya Shah". */
export const tenant = parseYaml(readFileSync(PLAYGROUND_CONFIG, 'utf8')) as PlaygroundConfig;

/** A user of the pretend tenant by first name or full name ("Priya" or "Priya Shah"). */
export function user(name: string): PlaygroundUser {
  const all = [tenant.currentUser, ...tenant.users];
  const found = all.find((u) => u.name === name || u.name.split(' ')[0] === name);
  if (!found) throw new Error(`No playground user "${name}". There are: ${all.map((u) => u.name).join(', ')}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping everything

/** One call the bot made to the playground's mocked connector. */
export interface PlaygroundCall {
  method: string;
  /** POST = a new message, PUT = an in-place edit, DELETE = a removal. */
  kind: 'post' | 'update' | 'delete' | 'other';
  conversationId: string;
  /** The message's id: assigned by the playground for a POST, from the URL for PUT/DELETE. */
  activityId?: string;
  activity?: { type?: string; text?: string; attachments?: { contentType?: string; content?: unknown }[] };
  status: number;
}

export interface InvokeAnswer {
  status: number;
  body: unknown;
}

export interface Stack {
  page: Page;
  context: BrowserContext;
  bot: RunningBot;
  botPort: number;
  playgroundUrl: string;
  /** Every call the bot made to the playground's connector, oldest first. */
  connector: PlaygroundCall[];
  /**
   * Another user of the group chat says something to the bot (the @mention is added). The bot's
   * replies appear in the page; the message itself does not. Resolves when the bot has finished.
   */
  sendAs(who: PlaygroundUser | string, text: string): Promise<void>;
  /**
   * Another user of the group chat presses an Action.Execute button, by its title (or as a bare
   * verb and data), on the newest group-chat card from the bot that contains `cardText`. The card's
   * inputs keep their initial values unless `inputs` (by input id) says otherwise. Gives back the
   * invoke answer (the card that user alone would see); edits the bot makes for everyone (PUT)
   * appear in the page.
   */
  actAs(
    who: PlaygroundUser | string,
    cardText: string,
    button: string | { verb: string; data?: Record<string, unknown> },
    inputs?: Record<string, string>,
  ): Promise<InvokeAnswer>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra bot settings (on top of PORT=0, a fresh DATA_DIR, LOG_LEVEL=silent, NODE_ENV=test). */
  env?: Record<string, string>;
  /** Print the playground's output and the page's console errors (or set SOFS_BROWSER_DEBUG=1). */
  debug?: boolean;
  /** The bot's clock (a test moves it to make a reminder fall due); the real clock by default. */
  clock?: () => number;
}

/**
 * Starts the bot in-process, the playground on a free port (talking to that bot) and Chromium, and
 * opens the playground in the personal chat. Always `await stack.stop()` (in afterAll).
 */
/**
 * For a describe block: starts the stack before its tests (waiting for the welcome card, so it cannot
 * land between a message and its answer) and stops it after them. Returns a getter for the stack.
 */
export function useWelcomedStack(options: StackOptions = {}): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    await waitForCard(stack.page, 'Welcome to SofS Companion');
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('The browser stack has not started');
    return stack;
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const debug = options.debug ?? process.env.SOFS_BROWSER_DEBUG === '1';
  const began = Date.now();
  const step = (what: string) => debug && console.log(`[harness] ${what} after ${Date.now() - began} ms`);
  const scratch = mkdtempSync(join(tmpdir(), 'sofs-browser-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  const cleanUp = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error('browser harness: clean-up step failed:', err);
      }
    }
  };

  try {
    const dataDir = join(scratch, 'data');
    mkdirSync(dataDir);
    const bot = await startBot({
      env: { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...options.env },
      clock: options.clock,
    });
    cleanups.push(() => bot.stop());
    step(`bot listening on ${bot.port}`);
    const botPort = bot.port;

    const connector: PlaygroundCall[] = [];
    const recorder = await startConnectorRecorder(connector);
    cleanups.push(() => recorder.close());

    const playground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${botPort}/api/messages`,
      serviceUrl: `${recorder.url}/_connector`,
      port: await freePort(),
      cwd: scratch,
      debug,
    });
    cleanups.push(() => playground.stop());
    recorder.target(playground.port);
    step(`playground listening on ${playground.port}`);
    const playgroundUrl = `http://localhost:${playground.port}`;

    const context = await launchChromium(join(scratch, 'chromium'), {
      viewport: { width: 1400, height: 1000 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    cleanups.push(() => context.close());
    await context.addInitScript(STAMP_MESSAGES);
    // Only the playground's web fonts come from the internet: refuse them at once rather than wait on DNS.
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort());
    step('Chromium started');
    const page = context.pages()[0] ?? (await context.newPage());
    if (debug) page.on('console', (m) => m.type() === 'error' && console.log(`[page] ${m.text()}`));
    await page.goto(playgroundUrl, { waitUntil: 'domcontentloaded' });
    await composeBox(page).waitFor({ timeout: 60_000 });
    views.set(page, 'personal');
    step('playground page ready');

    const post = (activity: Record<string, unknown>) => postToBot(botPort, activity);
    const base = (who: PlaygroundUser) => ({
      channelId: 'msteams',
      serviceUrl: `${recorder.url}/_connector`,
      from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
      recipient: { id: tenant.bot.id, name: tenant.bot.name },
      conversation: {
        id: tenant.groupChat.id,
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: tenant.tenantId,
      },
      channelData: { tenant: { id: tenant.tenantId } },
      locale: 'en-GB',
      timestamp: new Date().toISOString(),
    });
    let seq = 0;

    return {
      page,
      context,
      bot,
      botPort,
      playgroundUrl,
      connector,
      async sendAs(who, text) {
        const u = typeof who === 'string' ? user(who) : who;
        const at = `<at>${tenant.bot.name}</at>`;
        markAction(page, await latestSeq(page));
        const res = await post({
          ...base(u),
          type: 'message',
          id: `harness-${++seq}`,
          text: `${at} ${text}`,
          textFormat: 'plain',
          entities: [{ type: 'mention', mentioned: { id: tenant.bot.id, name: tenant.bot.name }, text: at }],
        });
        if (res.status >= 300) throw new Error(`sendAs: the bot answered ${res.status} ${JSON.stringify(res.body)}`);
      },
      async actAs(who, cardText, button, inputs = {}) {
        const u = typeof who === 'string' ? user(who) : who;
        const target = [...connector]
          .reverse()
          .find(
            (c) =>
              c.conversationId === tenant.groupChat.id &&
              (c.kind === 'post' || c.kind === 'update') &&
              c.activityId &&
              JSON.stringify(c.activity?.attachments ?? []).includes(cardText),
          );
        if (!target?.activityId) {
          throw new Error(`actAs: the bot has not sent a group-chat card containing "${cardText}"`);
        }
        let action: { title?: string; verb: string; data?: Record<string, unknown> };
        if (typeof button === 'string') {
          const actions = executeActions(target.activity?.attachments);
          const found = actions.find((a) => a.title === button);
          if (!found) {
            const titles = actions.map((a) => `"${a.title}"`).join(', ') || 'none';
            throw new Error(`actAs: no Action.Execute titled "${button}" on that card (it has ${titles})`);
          }
          action = found;
        } else {
          action = button;
        }
        markAction(page, await latestSeq(page));
        // What Teams sends: the action's own data, the card's input values, and the verb.
        const defaults = inputDefaults(target.activity?.attachments);
        const data = { ...action.data, ...defaults, ...inputs, verb: action.verb };
        return post({
          ...base(u),
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: `harness-${++seq}`,
          replyToId: target.activityId,
          value: { action: { type: 'Action.Execute', title: action.title, verb: action.verb, data } },
        });
      },
      stop: cleanUp,
    };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}

interface ExecuteAction {
  title?: string;
  verb: string;
  data?: Record<string, unknown>;
}

/** Every Action.Execute in the cards of a message (actions, action sets, select actions). */
function executeActions(node: unknown): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  walk(
    node,
    (o) => {
      if (o.type === 'Action.Execute' && typeof o.verb === 'string')
        found.push({ title: o.title as string | undefined, verb: o.verb, data: o.data as Record<string, unknown> });
      return undefined;
    },
    ['data', 'fallback'],
  );
  return found;
}

/** The values a card's inputs start with (outside Action.ShowCard sub-cards), as Teams would send them untouched. */
function inputDefaults(node: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  walk(node, (o) => {
    if (o.type === 'Action.ShowCard') return 'skip';
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') {
      const value = o.type === 'Input.Toggle' ? (o.value ?? o.valueOff ?? 'false') : o.value;
      if (value !== undefined && value !== null && value !== '') found[o.id] = String(value);
    }
    return undefined;
  });
  return found;
}

async function postToBot(port: number, activity: Record<string, unknown>): Promise<InvokeAnswer> {
  return postActivity(`http://127.0.0.1:${port}`, activity);
}

interface Playground {
  port: number;
  stop(): Promise<void>;
}

/** Runs the playground's own bin (its pid is the server's) in its own process group. */
async function startPlayground(o: {
  botEndpoint: string;
  serviceUrl: string;
  port: number;
  cwd: string;
  debug: boolean;
}): Promise<Playground> {
  if (!existsSync(PLAYGROUND_BIN)) throw new Error(`Missing ${PLAYGROUND_BIN}: run npm install`);
  const child = spawn(PLAYGROUND_BIN, ['-c', 'msteams', '--dt', '-p', String(o.port), '--su', o.serviceUrl], {
    cwd: o.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      BOT_ENDPOINT: o.botEndpoint,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(o.cwd, 'playground.log'),
    },
  });
  let output = '';
  // If the test process ends without stop() (a crash, a forgotten afterAll), take the playground too.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<void>((ok) =>
    child.once('exit', () => {
      process.off('exit', onExit);
      ok();
    }),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    // It falls back to a random port when the one asked for is taken, so read the one it got.
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('the playground did not start within 30 s')), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (o.debug) process.stdout.write(`[playground] ${chunk}`);
        const m = /Listening on (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the playground exited (${code}) before listening:\n${output}`));
      });
    });
    await waitForHttp(`http://127.0.0.1:${port}/`, 30_000);
    return { port, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A loopback stand-in in front of the playground's mocked connector (`--su` points the playground's
 * activities here, so the bot replies through it) that records every call the bot makes.
 */
async function startConnectorRecorder(calls: PlaygroundCall[]) {
  let targetPort = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: `127.0.0.1:${targetPort}` };
      const upstream = http.request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers },
        (up) => {
          const upChunks: Buffer[] = [];
          up.on('data', (c: Buffer) => upChunks.push(c));
          up.on('end', () => {
            const answer = Buffer.concat(upChunks);
            record(req.method ?? '', req.url ?? '', body, up.statusCode ?? 0, answer);
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(answer);
          });
        },
      );
      upstream.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      upstream.end(body);
    });
  });

  function record(method: string, url: string, body: Buffer, status: number, answer: Buffer): void {
    const m = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(url);
    if (!m?.[1]) return;
    const json = (b: Buffer) => {
      try {
        return b.length ? JSON.parse(b.toString()) : undefined;
      } catch {
        return undefined;
      }
    };
    const activity = json(body);
    const kind = method === 'POST' ? 'post' : method === 'PUT' ? 'update' : method === 'DELETE' ? 'delete' : 'other';
    const urlId = m[2] ? decodeURIComponent(m[2]) : undefined;
    calls.push({
      method,
      kind,
      conversationId: decodeURIComponent(m[1]),
      activityId: kind === 'post' ? json(answer)?.id : urlId,
      activity,
      status,
    });
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    target(p: number) {
      targetPort = p;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Driving the page

export type View = 'personal' | 'group' | 'channel';
const views = new WeakMap<Page, View>();
const actionMarks = new WeakMap<Page, number>();

/**
 * Runs in the page before its scripts: numbers every bot message (`.fai-OutputCard`) and every
 * Adaptive Card when it appears and again whenever its text changes, so "newest" means most
 * recently rendered or changed, in every view (a channel lists the newest post first), and a card
 * replaced or edited in place (the page reuses the element) counts as new. Page code is kept as
 * text so no transpiler helper can leak into it.
 */
const STAMP_MESSAGES = `(() => {
  let seq = 0;
  let ids = 0;
  const selector = '.ac-adaptiveCard, .fai-OutputCard';
  const lastText = new WeakMap();
  const touch = (el) => {
    if (!el.hasAttribute('data-harness-id')) el.setAttribute('data-harness-id', String(++ids));
    const text = el.textContent;
    if (lastText.get(el) === text) return;
    lastText.set(el, text);
    el.setAttribute('data-harness-seq', String(++seq));
  };
  const touchAround = (node) => {
    const start = node instanceof Element ? node : node.parentElement;
    if (!start) return;
    if (node instanceof Element) for (const el of start.querySelectorAll(selector)) touch(el);
    for (let el = start.closest(selector); el; el = el.parentElement && el.parentElement.closest(selector)) touch(el);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      for (const n of m.addedNodes) touchAround(n);
      touchAround(m.target);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  window.__harnessSeq = () => seq;
})();`;

/** Newest stamp with `selector` after `since` whose text contains `text`; and what is there. */
const FIND_STAMPED = `({ selector, text, since }) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const wanted = norm(text);
  let best = 0;
  let id = null;
  const seen = [];
  for (const el of document.querySelectorAll(selector)) {
    const seq = Number(el.getAttribute('data-harness-seq') || 0);
    const content = norm(el.textContent);
    seen.push(content.slice(0, 90));
    if (seq > since && seq > best && content.includes(wanted)) {
      best = seq;
      id = el.getAttribute('data-harness-id');
    }
  }
  return { id, seen };
}`;

async function latestSeq(page: Page): Promise<number> {
  return page.evaluate('window.__harnessSeq ? window.__harnessSeq() : 0');
}

function markAction(page: Page, seq: number): void {
  actionMarks.set(page, seq);
}

function composeBox(page: Page): Locator {
  // In a channel the first box starts a new post; the others reply in threads.
  return page.locator('[role="textbox"]').first();
}

/** Switches the playground to the personal chat, the group chat or the General channel. */
export async function openChat(page: Page, view: View = 'personal'): Promise<void> {
  const name =
    view === 'personal' ? 'Personal Chat' : view === 'group' ? tenant.groupChat.name : `${tenant.team.name} - General`;
  // The page marks the open conversation only with generated class names, but it renders a new
  // compose box for every conversation it opens: wait for the old one to go.
  const before = await composeBox(page).elementHandle();
  await page.getByRole('treeitem', { name, exact: true }).click();
  await before
    ?.waitForElementState('hidden', { timeout: views.get(page) === view ? 1000 : 10_000 })
    .catch(() => undefined);
  await before?.dispose();
  if (view === 'channel') await page.getByRole('button', { name: 'Post', exact: true }).waitFor();
  else await page.locator('button[aria-label="Send Message"]').waitFor();
  await composeBox(page).waitFor();
  views.set(page, view);
}

/**
 * Types a message and sends it as the current user. In the group chat and channel the bot only
 * hears messages that @mention it, so `mention` defaults to true there (pick it from the "@" menu).
 * One line only: the playground drops line breaks from what it sends.
 */
export async function say(page: Page, text: string, options: { mention?: boolean } = {}): Promise<void> {
  if (/[\r\n]/.test(text)) throw new Error('say: the playground sends one line; it drops line breaks');
  const view = views.get(page) ?? 'personal';
  const mention = options.mention ?? view !== 'personal';
  markAction(page, await latestSeq(page));
  const box = composeBox(page);
  await box.click();
  if (mention) {
    await page.keyboard.type(`@${tenant.bot.name.slice(0, 4)}`);
    await page.getByRole('menuitem').filter({ hasText: tenant.bot.name }).first().click();
    await box.locator('.mention').filter({ hasText: tenant.bot.name }).waitFor({ timeout: 5000 });
    await page.keyboard.type(' ');
  }
  await page.keyboard.type(text);
  // A keystroke lost while the editor settles would send something else: check before sending.
  const expected = squash(`${mention ? `${tenant.bot.name} ` : ''}${text}`);
  const deadline = Date.now() + 3000;
  let shown = squash(await box.textContent());
  while (shown !== expected && Date.now() < deadline) {
    await page.waitForTimeout(100);
    shown = squash(await box.textContent());
  }
  if (shown !== expected) throw new Error(`say: typed "${expected}" but the compose box shows "${shown}"`);
  const send =
    view === 'channel'
      ? page.getByRole('button', { name: 'Post', exact: true })
      : page.locator('button[aria-label="Send Message"]');
  await send.click();
}

function squash(s: string | null): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

export interface WaitOptions {
  /** Only a message rendered after the last say/click/sendAs/actAs on this page. */
  fresh?: boolean;
  timeout?: number;
}

async function waitForStamped(
  page: Page,
  selector: string,
  text: string,
  options: WaitOptions,
  what: string,
): Promise<Locator> {
  const since = options.fresh ? (actionMarks.get(page) ?? 0) : 0;
  const timeout = options.timeout ?? 30_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    const args = JSON.stringify({ selector, text, since });
    const found: { id: string | null; seen: string[] } = await page.evaluate(`(${FIND_STAMPED})(${args})`);
    if (found.id) return page.locator(`[data-harness-id="${found.id}"]`);
    if (Date.now() > deadline) {
      const list = found.seen.length ? found.seen.map((s) => `  - ${s}`).join('\n') : '  (none)';
      const shot = await screenshot(page, `failed-${Date.now()}`).catch(() => 'none');
      throw new Error(
        `No ${options.fresh ? 'new ' : ''}${what} containing "${text}" within ${timeout / 1000} s ` +
          `(${views.get(page) ?? 'personal'} view; screenshot: ${shot}). ${what}s on the page:\n${list}`,
      );
    }
    await page.waitForTimeout(150);
  }
}

/** The newest Adaptive Card (`.ac-adaptiveCard`) containing `text`; waits for it to appear. */
export function waitForCard(page: Page, text: string, options: WaitOptions = {}): Promise<Locator> {
  return waitForStamped(page, '.ac-adaptiveCard', text, options, 'card');
}

/** The newest bot message (plain text or card) containing `text`; waits for it to appear. */
export function waitForBotMessage(page: Page, text: string, options: WaitOptions = {}): Promise<Locator> {
  return waitForStamped(page, '.fai-OutputCard', text, options, 'bot message');
}

/** Presses a card button (Action.Execute, Action.Submit, Action.OpenUrl ...) by its title. */
export async function clickCardButton(card: Locator, title: string): Promise<void> {
  const page = card.page();
  markAction(page, await latestSeq(page));
  await card.getByRole('button', { name: title, exact: true }).click();
}

/** Types into an Input.Text, found by its `label` (or, without one, its placeholder). Replaces what was there. */
export async function fillCardInput(card: Locator, label: string, value: string): Promise<void> {
  await card.getByRole('textbox', { name: label }).fill(value);
}

/** Picks one choice of an expanded Input.ChoiceSet (radio buttons), by the set's label and the choice's title. */
export async function chooseRadio(card: Locator, label: string, choice: string): Promise<void> {
  await card.getByRole('radiogroup', { name: label }).getByRole('radio', { name: choice, exact: true }).check();
}

/** Picks one choice of a compact Input.ChoiceSet (a drop-down), by the set's label and the choice's title. */
export async function chooseOption(card: Locator, label: string, choice: string): Promise<void> {
  await card.getByRole('combobox', { name: label }).click();
  await card.page().getByRole('option', { name: choice, exact: true }).click();
}

/**
 * Ticks or clears an Input.Toggle or one box of a multi-select Input.ChoiceSet. Its accessible name
 * is "<input label> <title>", e.g. "Agreement I agree"; any part of it that is unique will do.
 */
export async function checkCardBox(card: Locator, name: string, checked = true): Promise<void> {
  await card.getByRole('checkbox', { name }).setChecked(checked);
}

/** Saves a PNG of the page as test-results/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Fails unless `words` on the card are on screen with the button titled `button` once the person
 * has it in view: the message just above the button (within 250 px), both inside the viewport.
 */
export async function expectBesideButton(card: Locator, words: string, button: string): Promise<void> {
  const page = card.page();
  const pressed = card.getByRole('button', { name: button, exact: true });
  await pressed.scrollIntoViewIfNeeded();
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const [w, b] = [await card.getByText(words).first().boundingBox(), await pressed.boundingBox()];
  if (!w || !b) throw new Error(`"${words}" or the "${button}" button is not drawn`);
  const where = `"${words}" at y=${Math.round(w.y)}, "${button}" at y=${Math.round(b.y)}, viewport ${viewport.height}`;
  if (!(w.y >= 0 && w.y + w.height <= viewport.height && b.y > w.y && b.y - (w.y + w.height) < 250))
    throw new Error(`The message is not on screen just above its button: ${where}`);
}
