import type { Command } from "commander";
export function register(program: Command, done: (code: number) => void): void {
    void program;
    void done;
}
