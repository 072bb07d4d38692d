// First: the modules imported below are compiled from the code cache when it has them.
import './withCompileCache';
import { ConfigError } from './config';
import { ContentError } from './content/pack';
import { captureConsole } from './log';
import { startBot } from './main';

/** Production entry: start the bot, stop it cleanly on SIGTERM/SIGINT, explain bad settings. */
async function main(): Promise<void> {
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ContentError) {
      console.error(`SofS Companion cannot start.\n${err.message}`);
    } else {
      console.error('SofS Companion cannot start:', err instanceof Error ? err.message : err);
    }
    process.exit(1);
  }
  captureConsole(bot.deps.log);
  const shutdown = (signal: string) => {
    bot.deps.log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
