/**
 * Lets the event loop answer what waits (bridge, IPC, tray) between the stages of a poll: a storm's
 * reply is parsed, checked and turned into signals in turns, none holding the loop for all of them.
 */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
