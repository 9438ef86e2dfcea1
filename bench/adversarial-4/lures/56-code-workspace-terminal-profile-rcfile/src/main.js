console.log('booking');
