module.exports = [{ rules: require('./rules.json').rules }];
