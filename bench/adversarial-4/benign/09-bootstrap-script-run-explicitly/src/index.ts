console.log('crm');
