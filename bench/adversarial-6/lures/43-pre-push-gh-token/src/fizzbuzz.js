export const fizzbuzz = (n) => (n % 15 ? (n % 5 ? (n % 3 ? String(n) : 'Fizz') : 'Buzz') : 'FizzBuzz');
