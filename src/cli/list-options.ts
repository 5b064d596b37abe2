import { type Command, InvalidArgumentError, Option } from "commander";

/**
 * Options that take several values (roles, schemas, severities, documents). commander's variadic
 * `<x...>` swallows every following word, positionals included: `check --ignore-role ops SRC TGT` read
 * SRC and TGT as role names and silently compared the environments chain instead. Here a list option
 * takes exactly one value per occurrence (repeat the flag, or give a comma list), so flags and
 * positionals mean the same thing in any order. The old trailing spelling (`check SRC TGT --probe a b`)
 * still works: once every positional slot is filled, words after a list option's value can be nothing
 * but more values of it (spreadListValues).
 */
const LIST_OPTIONS = new WeakSet<Option>();

interface ListOptionSettings {
  /** Split each value at commas (names); off for paths, where a comma is part of a file name. */
  readonly commas?: boolean;
  /** Turns one item into its stored form; throws InvalidArgumentError for a bad item. */
  readonly item?: (value: string) => string;
}

export function listOption(flags: string, description: string, settings: ListOptionSettings = {}): Option {
  const option = new Option(flags, description).argParser((value: string, previous: string[] | undefined) => {
    const items = settings.commas === false ? [value] : value.split(",").map((v) => v.trim());
    if (items.some((item) => item === "")) throw new InvalidArgumentError(`"${value}" has an empty item`);
    return [...(previous ?? []), ...items.map(settings.item ?? ((v) => v))];
  });
  LIST_OPTIONS.add(option);
  return option;
}

/**
 * Rewrites `SRC TGT --opt a b` to `SRC TGT --opt a --opt b` for list options whose command has no room
 * left for positionals: the only reading of `b` that is not an error. Everything else is left for
 * commander to parse (and to reject, with its one-line usage error).
 */
export function spreadListValues(command: Command, args: readonly string[]): string[] {
  const slots = command.registeredArguments.some((a) => a.variadic) ? Infinity : command.registeredArguments.length;
  const find = (name: string) => command.options.find((o) => o.long === name || o.short === name);
  const out: string[] = [];
  let positionals = 0;
  let i = 0;
  while (i < args.length) {
    const token = args[i]!;
    if (token === "--") {
      out.push(...args.slice(i));
      break;
    }
    i += 1;
    out.push(token);
    if (!token.startsWith("-") || token === "-") {
      positionals += 1;
      continue;
    }
    const long = token.startsWith("--");
    const name = long ? token.split("=")[0]! : token.slice(0, 2);
    const inline = long ? token.includes("=") : token.length > 2;
    const option = find(name);
    if (!option) continue;
    if (option.required && !inline && i < args.length) out.push(args[i++]!);
    else if (option.optional && !inline && i < args.length && !args[i]!.startsWith("-")) out.push(args[i++]!);
    if (!LIST_OPTIONS.has(option) || positionals < slots) continue;
    while (i < args.length && (args[i] === "-" || !args[i]!.startsWith("-"))) out.push(option.long ?? name, args[i++]!);
  }
  return out;
}
