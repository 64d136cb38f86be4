/**
 * Reading the study that scripts/regularisation-study.mjs writes (`study.json`: the command that made
 * it, the configuration, and every run with every epoch's measurements), for notebooks and reports.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FormatError, checkOptions } from "../core/errors";
import { summariseStudy, type RunRecord, type StudySummary } from "./study";
import { shippedDataDir } from "../io/data-dir";

/** The committed study directory: `$CONVSPEC_ROOT/data/regularisation-study` when set, else the repository's. */
export function defaultStudyDir(): string {
  return shippedDataDir("regularisation-study", "study.json");
}

/** Options of {@link loadRegularisationStudy}. */
export interface LoadRegularisationStudyOptions {
  /** Directory holding study.json; default {@link defaultStudyDir}. */
  dir?: string;
}

/** A study as written by the script, with its summary. */
export interface RegularisationStudy {
  /** Command line that produced the file (from the repository root). */
  command: string;
  config: Record<string, unknown>;
  /** Wall time of the whole study (s). */
  seconds: number;
  runs: RunRecord[];
  summary: StudySummary;
}

/** Whether a study file exists (so that a notebook can display it when present). */
export function hasRegularisationStudy(options: LoadRegularisationStudyOptions = {}): boolean {
  checkOptions("hasRegularisationStudy", options, ["dir"]);
  return existsSync(join(options.dir ?? defaultStudyDir(), "study.json"));
}

/** Loads study.json (FormatError naming the file when it is missing or not a study); JSON null losses become NaN. */
export function loadRegularisationStudy(options: LoadRegularisationStudyOptions = {}): RegularisationStudy {
  const where = "loadRegularisationStudy";
  checkOptions(where, options, ["dir"]);
  const path = join(options.dir ?? defaultStudyDir(), "study.json");
  if (!existsSync(path)) throw new FormatError(`${where}: ${path} is missing; run scripts/regularisation-study.mjs to write it`);
  let raw: { command?: unknown; config?: unknown; seconds?: unknown; runs?: unknown };
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new FormatError(`${where}: ${path} is not valid JSON (${(e as Error).message})`);
  }
  if (!raw || !Array.isArray(raw.runs) || typeof raw.config !== "object") throw new FormatError(`${where}: ${path} has no "runs" array and "config" object; not a study written by scripts/regularisation-study.mjs`);
  // JSON has no NaN: the epoch-0 loss was written as null
  const runs = (raw.runs as RunRecord[]).map((r) => ({ ...r, epochs: r.epochs.map((e) => ({ ...e, trainLoss: e.trainLoss ?? NaN })) }));
  return { command: typeof raw.command === "string" ? raw.command : "(not recorded)", config: raw.config as Record<string, unknown>, seconds: Number(raw.seconds), runs, summary: summariseStudy(runs) };
}
