// Regenerates src/data/postal-codes.js from data/postal.csv (not committed: 40 MB).
console.log('download the dataset first');
