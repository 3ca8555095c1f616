/**
 * Replays a scenario into a hub: timed, with a speed factor, once or in a loop, stoppable.
 * Every body is validated with the wire schemas before it is published.
 */
import { type Command, DEFAULT_LANE, type Prompt, validateCommand, validatePrompt } from '../protocol/index.js';
import type { Scenario, ScenarioStep } from './types.js';

export interface ScenarioTarget {
  publish(lane: string, command: Command): void;
  /** Drops the streams (and refuses reconnections for `offlineMs`). */
  drop?(options: { offlineMs: number }): void;
  /** The hub's prompts, for scenarios that ask the shopper and answer by themselves. */
  prompts?: {
    ask(lane: string, prompt: Prompt): unknown;
    respond(lane: string, promptId: string, value: unknown): unknown;
  };
}

/** Plays one step into the target; throws on a step that is not valid on the wire. */
function playStep(target: ScenarioTarget, step: ScenarioStep, lane: string, speed: number): string | null {
  if ('drop' in step) {
    target.drop?.({ offlineMs: step.drop.offlineMs / speed });
  } else if ('ask' in step) {
    const checked = validatePrompt(step.ask);
    if (!checked.ok) return checked.message;
    // Prompts shared through Redis answer later and may fail (Redis away): a scenario goes on.
    void Promise.resolve(target.prompts?.ask(lane, checked.value)).catch(() => {});
  } else if ('answer' in step) {
    // The shopper may be answering a prompt the cashier already took back: nothing happens.
    void Promise.resolve(target.prompts?.respond(lane, step.answer.prompt_id, step.answer.value)).catch(() => {});
  } else {
    const checked = validateCommand(step.publish, step.body);
    if (!checked.ok) return checked.message;
    target.publish(lane, { command: step.publish, body: checked.value } as Command);
  }
  return null;
}

export interface PlayOptions {
  /** 2 = twice as fast. Default 1. */
  speed?: number;
  loop?: boolean;
  /** Lane to publish to. Default `default`. */
  lane?: string;
  /** Called before each step (with its index). */
  onStep?: (index: number, scenario: Scenario) => void;
}

export interface Playback {
  stop(): void;
  /** Resolves when the scenario has played once (or forever, with `loop`, until stopped). */
  readonly finished: Promise<void>;
}

export function playScenario(target: ScenarioTarget, scenario: Scenario, options: PlayOptions = {}): Playback {
  const speed = options.speed ?? 1;
  const lane = options.lane ?? DEFAULT_LANE;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));

  const run = (index: number) => {
    if (stopped) return;
    if (index >= scenario.steps.length) {
      if (options.loop) return schedule(0);
      return done();
    }
    const step = scenario.steps[index]!;
    options.onStep?.(index, scenario);
    const invalid = playStep(target, step, lane, speed);
    if (invalid) throw new Error(`scenario ${scenario.name}, step ${index}: ${invalid}`);
    schedule(index + 1);
  };
  const schedule = (index: number) => {
    const step = scenario.steps[index];
    timer = setTimeout(() => run(index), step ? step.after / speed : 0);
  };
  schedule(0);

  return {
    finished,
    stop() {
      stopped = true;
      clearTimeout(timer);
      done();
    },
  };
}
