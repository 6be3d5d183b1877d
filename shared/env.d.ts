// Vite/Vitest raw imports, used by tests and the renderer to load shipped text resources.
declare module '*?raw' {
  const text: string;
  export default text;
}
