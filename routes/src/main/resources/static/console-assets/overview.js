// The overview's chart: messages accepted, delivered and failed per minute over the last hour, from
// /console/operator/activity, refreshed every 10 seconds.
(function () {
  var canvas = document.getElementById('activity-chart');
  if (!canvas || typeof Chart === 'undefined') {
    return;
  }
  var chart = new Chart(canvas, {
    type: 'line',
    data: {labels: [], datasets: [
      {label: 'accepted', data: [], borderColor: '#1f5fa8', backgroundColor: '#1f5fa8', tension: 0.2},
      {label: 'delivered', data: [], borderColor: '#2e8540', backgroundColor: '#2e8540', tension: 0.2},
      {label: 'failed', data: [], borderColor: '#c0392b', backgroundColor: '#c0392b', tension: 0.2}
    ]},
    options: {animation: false, responsive: true, maintainAspectRatio: false,
      scales: {y: {beginAtZero: true, title: {display: true, text: 'per minute'}}}}
  });
  var totals = document.getElementById('activity-totals');
  function sum(values) {
    return values.reduce(function (a, b) { return a + b; }, 0);
  }
  function load() {
    fetch(canvas.dataset.source, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (response) { return response.json(); })
      .then(function (series) {
        chart.data.labels = series.minutes.map(function (m) {
          return new Date(m).toLocaleTimeString('nb-NO', {hour: '2-digit', minute: '2-digit'});
        });
        chart.data.datasets[0].data = series.accepted;
        chart.data.datasets[1].data = series.delivered;
        chart.data.datasets[2].data = series.failed;
        chart.update();
        totals.textContent = 'Last hour: ' + sum(series.accepted) + ' accepted, ' + sum(series.delivered)
          + ' delivered, ' + sum(series.failed) + ' failed.';
        totals.dataset.accepted = sum(series.accepted);
      });
  }
  load();
  setInterval(load, 10000);
})();
