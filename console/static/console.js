// The overview's charts, drawn with Chart.js from the page's JSON block (#chart-data). The
// Content-Security-Policy allows no inline script, so the data comes as JSON and this file draws.
"use strict";

(function () {
  const block = document.getElementById("chart-data");
  if (block === null || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(block.textContent);
  const colours = { answered: "#2e7d32", clarified: "#f9a825", fallback: "#c62828" };
  const common = { responsive: true, maintainAspectRatio: false, animation: false };

  new Chart(document.getElementById("chart-messages"), {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.outcomes.map((outcome) => ({
        label: outcome.label,
        data: outcome.counts,
        backgroundColor: colours[outcome.key],
      })),
    },
    options: {
      ...common,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });

  new Chart(document.getElementById("chart-share"), {
    type: "doughnut",
    data: {
      labels: data.outcomes.map((outcome) => outcome.label),
      datasets: [
        {
          data: data.outcomes.map((outcome) => outcome.total),
          backgroundColor: data.outcomes.map((outcome) => colours[outcome.key]),
        },
      ],
    },
    options: common,
  });

  new Chart(document.getElementById("chart-helpful"), {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: "有帮助（%）",
          data: data.helpful_rate,
          borderColor: "#1565c0",
          backgroundColor: "#1565c0",
          spanGaps: true,
        },
      ],
    },
    options: { ...common, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + "%" } } } },
  });
})();
