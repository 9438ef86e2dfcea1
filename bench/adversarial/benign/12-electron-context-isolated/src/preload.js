const { contextBridge, ipcRenderer } = require('electron');

contextBridge.exposeInMainWorld('pomodoro', { notify: (title) => ipcRenderer.invoke('notify', title) });
