console.log('kanban api');
