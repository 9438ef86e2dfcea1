exports.isEmail = (s) => /^[^@\s]+@[^@\s]+$/.test(s);
