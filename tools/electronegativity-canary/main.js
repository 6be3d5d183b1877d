// Deliberately insecure: tools/electronegativity.mjs checks that the scanner flags this file
// before trusting its silence about electron/shell. Never imported by the app.
const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });
