/* Draw every chart on the page from its json_script block; a click on a segment (or bar)
   follows that item's link, so the chart drills down like the table beside it. */
(function () {
  "use strict";
  var palette = ["#1f5fa8", "#e07b24", "#2a9d6f", "#c0392b", "#7d4fb0", "#8c6d31",
                 "#d35d9b", "#5f6b7a", "#a3b82b", "#17a2b8", "#b35c1e", "#4b7bd1"];

  // "：" after a label in Chinese, ": " in English (the page's lang is the chosen language).
  var separator = /^zh/i.test(document.documentElement.lang || "zh") ? "：" : ": ";

  function formatter(unit) {
    var number = new Intl.NumberFormat(document.documentElement.lang || "zh-Hans",
      {minimumFractionDigits: 2, maximumFractionDigits: 2});
    return function (value) { return number.format(value) + " " + unit; };
  }

  // Axis titles: the amount axis names the unit (万元/元); a chart of years names its years.
  function scales(spec) {
    if (spec.type !== "bar") { return undefined; }
    var horizontal = spec.labels.length > 4;
    var value = {beginAtZero: true, title: {display: true, text: spec.value_axis}};
    var category = {title: {display: !!spec.category_axis, text: spec.category_axis}};
    return horizontal ? {x: value, y: category} : {x: category, y: value};
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var values = spec.values.map(Number);
    var round = spec.type === "doughnut" || spec.type === "pie";
    var format = formatter(spec.unit);
    var colours = spec.labels.map(function (_, i) { return palette[i % palette.length]; });
    var chart = new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: [{label: spec.title, data: values, backgroundColor: colours,
                    borderColor: round ? "#fff" : colours, borderWidth: round ? 2 : 0}]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.type === "bar" && spec.labels.length > 4 ? "y" : "x",
        scales: scales(spec),
        plugins: {
          legend: {display: round, position: "bottom", labels: {boxWidth: 12}},
          tooltip: {callbacks: {label: function (ctx) {
            return ctx.label + separator + format(ctx.raw);
          }}}
        },
        onHover: function (event, elements) {
          var linked = elements.length && spec.urls[elements[0].index];
          event.native.target.style.cursor = linked ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var url = spec.urls[elements[0].index];
          if (url) { window.location.href = url; }
        }
      }
    });
    canvas.chart = chart;
  }

  function drawAll() {
    // The note “图表未能加载” is in the page for when Chart.js cannot be fetched (a
    // blocked CDN); with Chart.js here it goes, and the charts draw.
    if (typeof Chart === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-fallback]"),
      function (note) { note.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
