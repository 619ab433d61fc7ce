// Frontline 前线 — the customer health radar (客户健康度), loaded by the
// customer page only, after the vendored ECharts.
//
// The page lists the three scores and their reasons as text; each score
// carries data-radar-axis, data-name and data-score. This script draws
// those same numbers as a radar into the [data-radar] box of the card,
// which stays hidden without scripts. Colours and the font come from the
// design tokens in app.css, so the chart matches the page.
(function () {
	"use strict";

	var box = document.querySelector("[data-radar]");
	if (!box || !window.echarts) {
		return;
	}
	var card = box.closest(".card") || document;
	var max = Number(box.getAttribute("data-max")) || 100;
	var axes = Array.prototype.map.call(card.querySelectorAll("[data-radar-axis]"), function (el) {
		return {name: el.getAttribute("data-name"), score: Number(el.getAttribute("data-score")) || 0};
	});
	if (axes.length < 3) {
		return;
	}

	var css = getComputedStyle(document.documentElement);
	function token(name, fallback) {
		return css.getPropertyValue(name).trim() || fallback;
	}
	var primary = token("--primary", "#1677ff");
	var text = token("--text", "#1f2329");
	var text2 = token("--text-2", "#4e5969");
	var border = token("--border", "#e5e6eb");
	var fill = token("--fill-2", "#f7f8fa");
	var font = token("--font", "sans-serif");
	var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

	box.hidden = false;
	var chart = window.echarts.init(box, null, {renderer: "canvas"});

	// Each axis is named with its score, so the chart reads on its own;
	// the list below it stays the full account.
	function axisName(name, indicator) {
		return name + "\n{score|" + indicator.score + "}";
	}

	chart.setOption({
		animation: !still,
		textStyle: {fontFamily: font},
		radar: {
			indicator: axes.map(function (a) {
				return {name: a.name, max: max, score: a.score};
			}),
			// three axes make a triangle whose base sits half a radius
			// below the centre: lower the centre so it fills the box
			center: ["50%", "60%"],
			radius: "70%",
			splitNumber: 4,
			axisName: {
				color: text2,
				fontSize: 12,
				lineHeight: 16,
				formatter: axisName,
				rich: {score: {color: text, fontSize: 15, fontWeight: 600, lineHeight: 20}}
			},
			axisLine: {lineStyle: {color: border}},
			splitLine: {lineStyle: {color: border}},
			splitArea: {areaStyle: {color: [fill, "transparent"]}}
		},
		series: [{
			type: "radar",
			silent: true,
			symbol: "circle",
			symbolSize: 6,
			itemStyle: {color: primary},
			lineStyle: {color: primary, width: 2},
			areaStyle: {color: primary, opacity: 0.16},
			data: [{value: axes.map(function (a) { return a.score; })}]
		}]
	});

	var pending = null;
	window.addEventListener("resize", function () {
		cancelAnimationFrame(pending);
		pending = requestAnimationFrame(function () {
			chart.resize();
		});
	});
})();
