// The console's own script: the charts (ECharts, from data the page carries as JSON), the
// session's CSRF token on every htmx request, and the hall picker that submits itself.
(function () {
  "use strict";
  var COLORS = ["#0b5cab", "#2e7d32", "#b26a00", "#6a1b9a", "#c62828", "#00838f"];

  function data(el) {
    return JSON.parse(document.getElementById(el.dataset.source).textContent);
  }

  var builders = {
    trend: function (d) {
      return {
        color: COLORS,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: d.days },
        yAxis: { type: "value", minInterval: 1 },
        series: d.series.map(function (s) {
          return { name: s.name, type: "line", stack: "all", areaStyle: {}, data: s.data };
        }),
      };
    },
    pie: function (d) {
      return {
        color: COLORS,
        tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: d, label: { formatter: "{b}\n{d}%" } }],
      };
    },
    bars: function (d) {
      return {
        color: COLORS,
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 48, top: 36, bottom: 60 },
        xAxis: { type: "category", data: d.keys, axisLabel: { interval: 0, rotate: d.keys.length > 6 ? 30 : 0 } },
        yAxis: [
          { type: "value", name: "件", minInterval: 1 },
          { type: "value", name: "%", min: 0, max: 100 },
        ],
        series: [
          { name: "申请量", type: "bar", data: d.volume },
          { name: "好评率", type: "line", yAxisIndex: 1, data: d.good_rate },
        ],
      };
    },
  };

  // no motion for who asked for none (and for the screenshots, taken with reduced motion)
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function charts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      var option = builders[el.dataset.chart](data(el));
      option.animation = !still;
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    var token = document.querySelector('meta[name="csrf-token"]');
    document.body.addEventListener("htmx:configRequest", function (e) {
      if (token) e.detail.headers["X-CSRF-Token"] = token.content;
    });
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  });
})();
