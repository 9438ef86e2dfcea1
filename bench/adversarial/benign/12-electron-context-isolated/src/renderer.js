let left = 25 * 60;
let timer;
const t = document.getElementById('t');
document.getElementById('go').addEventListener('click', () => {
  clearInterval(timer);
  timer = setInterval(() => {
    left -= 1;
    t.textContent = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    if (left <= 0) {
      clearInterval(timer);
      window.pomodoro.notify('Time for a break');
    }
  }, 1000);
});
