document.body.textContent = 'CRM widgets';
