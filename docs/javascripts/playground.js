// The box playground of the losses page: two boxes to drag and resize, with IoU, GIoU, DIoU and
// CIoU computed live, exactly as in docs/implementations/box_losses.py (boxes are [x1, y1, x2, y2],
// y grows downwards as in an image). The page only holds an empty <div class="box-playground">:
// without JavaScript nothing else changes.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 400, H = 240, MIN = 10, STEP = 5; // canvas in box units; smallest box side; keyboard step
  var PRESETS = [
    // [label, prediction, ground truth]: each shows what one of the losses adds
    ["Overlapping", [80, 40, 200, 140], [140, 80, 280, 200]],
    ["Disjoint", [30, 30, 120, 100], [250, 120, 370, 210]],
    ["Nested", [130, 70, 210, 130], [100, 40, 300, 200]],
    ["Same centre, other shape", [80, 100, 320, 140], [140, 60, 260, 180]]
  ];
  var NAMES = { pred: "Prediction", gt: "Ground truth" };
  var count = 0;

  function overlap(p, g) {
    var iw = Math.max(0, Math.min(p[2], g[2]) - Math.max(p[0], g[0]));
    var ih = Math.max(0, Math.min(p[3], g[3]) - Math.max(p[1], g[1]));
    var inter = iw * ih;
    var union = (p[2] - p[0]) * (p[3] - p[1]) + (g[2] - g[0]) * (g[3] - g[1]) - inter;
    var c = [Math.min(p[0], g[0]), Math.min(p[1], g[1]), Math.max(p[2], g[2]), Math.max(p[3], g[3])];
    return { inter: inter, union: union, c: c };
  }

  // The same formulas as box_losses.py: iou, giou, 1 - diou_loss, 1 - ciou_loss.
  function metrics(p, g) {
    var o = overlap(p, g), c = o.c;
    var iou = o.union > 0 ? o.inter / o.union : 0;
    var areaC = (c[2] - c[0]) * (c[3] - c[1]);
    var giou = iou - (areaC - o.union) / areaC;
    var dx = (p[0] + p[2]) / 2 - (g[0] + g[2]) / 2, dy = (p[1] + p[3]) / 2 - (g[1] + g[3]) / 2;
    var centre = (dx * dx + dy * dy) / (Math.pow(c[2] - c[0], 2) + Math.pow(c[3] - c[1], 2));
    var d = Math.atan((g[2] - g[0]) / (g[3] - g[1])) - Math.atan((p[2] - p[0]) / (p[3] - p[1]));
    var v = 4 / (Math.PI * Math.PI) * d * d;
    var alpha = v > 0 ? v / ((1 - iou) + v) : 0;
    return { iou: iou, giou: giou, diou: iou - centre, ciou: iou - centre - alpha * v };
  }

  function el(name, attrs, parent, ns) {
    var node = ns ? document.createElementNS(SVG, name) : document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function svgEl(name, attrs, parent) { return el(name, attrs, parent, true); }

  function place(rect, b) {
    rect.setAttribute("x", b[0]);
    rect.setAttribute("y", b[1]);
    rect.setAttribute("width", b[2] - b[0]);
    rect.setAttribute("height", b[3] - b[1]);
  }

  function clamp(value, low, high) { return Math.min(Math.max(value, low), high); }

  function moved(b, dx, dy) {
    dx = clamp(dx, -b[0], W - b[2]);
    dy = clamp(dy, -b[1], H - b[3]);
    return [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
  }

  function resized(b, dx, dy) {
    return [b[0], b[1], clamp(b[2] + dx, b[0] + MIN, W), clamp(b[3] + dy, b[1] + MIN, H)];
  }

  function format(value) { return isFinite(value) ? value.toFixed(3) : "∞"; }

  function build(root) {
    var id = "box-playground-" + (++count);
    var boxes = { pred: PRESETS[0][1].slice(), gt: PRESETS[0][2].slice() };
    var shapes = {}, cells = {}, drag = null;

    root.setAttribute("role", "region");
    root.setAttribute("aria-labelledby", id + "-title");
    el("h3", { id: id + "-title" }, root).textContent = "Box playground";
    el("p", { id: id + "-help" }, root).textContent =
      "Drag a box to move it and its corner handle to resize it. With the keyboard, Tab to a box: " +
      "arrow keys move it, Shift + arrow keys resize it. The dashed box is the smallest box C " +
      "enclosing both, with its diagonal c; the line between the centres is ρ.";

    var presets = el("div", { class: "box-playground__presets", role: "group", "aria-label": "Example configurations" }, root);
    PRESETS.forEach(function (preset) {
      var button = el("button", { type: "button" }, presets);
      button.textContent = preset[0];
      button.addEventListener("click", function () {
        boxes.pred = preset[1].slice();
        boxes.gt = preset[2].slice();
        update(true);
      });
    });

    var svg = svgEl("svg", {
      viewBox: "0 0 " + W + " " + H, role: "group", "aria-label": "Canvas with the two boxes",
      "aria-describedby": id + "-help"
    }, root);
    svgEl("rect", { class: "bp-canvas", x: 0, y: 0, width: W, height: H }, svg);
    var enclosing = svgEl("rect", { class: "bp-enclosing" }, svg);
    var diagonal = svgEl("line", { class: "bp-enclosing" }, svg);
    var inter = svgEl("rect", { class: "bp-intersection" }, svg);
    ["gt", "pred"].forEach(function (key) { // the prediction is drawn last, on top
      var g = svgEl("g", {
        class: "bp-box bp-box--" + key, tabindex: 0, role: "button", "aria-roledescription": "movable box",
        "data-box": key
      }, svg);
      var shape = { g: g, focus: svgEl("rect", { class: "bp-focus" }, g), body: svgEl("rect", { class: "bp-body" }, g) };
      shape.label = svgEl("text", { class: "bp-label" }, g);
      shape.label.textContent = key === "pred" ? "prediction" : "ground truth";
      shape.handle = svgEl("rect", { class: "bp-handle", width: 10, height: 10 }, g);
      shape.grip = svgEl("rect", { class: "bp-grip", width: 28, height: 28 }, g); // a larger target for fingers
      shapes[key] = shape;
      g.addEventListener("pointerdown", function (event) { startDrag(event, key); });
      g.addEventListener("keydown", function (event) { onKey(event, key); });
    });
    var centres = svgEl("line", { class: "bp-centres" }, svg);

    var coords = el("p", { class: "box-playground__coords" }, root);
    var table = el("table", {}, root);
    var head = el("tr", {}, el("thead", {}, table));
    ["Measure", "Value", "Loss, 1 − value"].forEach(function (text) {
      el("th", { scope: "col" }, head).textContent = text;
    });
    var body = el("tbody", {}, table);
    [["iou", "IoU"], ["giou", "GIoU"], ["diou", "DIoU"], ["ciou", "CIoU"]].forEach(function (row) {
      var tr = el("tr", {}, body);
      var link = el("a", { href: "#" + row[0] + "-loss" }, el("th", { scope: "row" }, tr));
      link.textContent = row[1];
      cells[row[0]] = el("td", { "data-metric": row[0] }, tr);
      cells[row[0] + "-loss"] = el("td", { "data-metric": row[0] + "-loss" }, tr);
    });
    var unitbox = el("p", {}, root);
    unitbox.appendChild(document.createTextNode("UnitBox's IoU loss, −ln IoU: "));
    cells["iou-ln-loss"] = el("strong", { "data-metric": "iou-ln-loss" }, unitbox);
    var status = el("p", { class: "box-playground__status", "aria-live": "polite" }, root);

    function startDrag(event, key) {
      if (event.button !== 0) return;
      root.classList.add("bp-pointer"); // the focus ring is for keyboard users
      event.preventDefault(); // no text selection, no scrolling on touch
      svg.appendChild(shapes[key].g); // the box being moved comes to the front
      svg.appendChild(centres);
      shapes[key].g.focus({ preventScroll: true });
      drag = { key: key, id: event.pointerId, start: toCanvas(event), from: boxes[key].slice(),
               resize: event.target === shapes[key].grip || event.target === shapes[key].handle };
      svg.setPointerCapture(event.pointerId);
    }

    function toCanvas(event) {
      return new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    }

    svg.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      var at = toCanvas(event);
      var dx = Math.round(at.x - drag.start.x), dy = Math.round(at.y - drag.start.y);
      boxes[drag.key] = (drag.resize ? resized : moved)(drag.from, dx, dy);
      update(false);
    });
    function endDrag(event) {
      if (!drag || event.pointerId !== drag.id) return;
      drag = null;
      update(true);
    }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);

    function onKey(event, key) {
      var d = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] }[event.key];
      if (!d || event.altKey || event.ctrlKey || event.metaKey) return;
      root.classList.remove("bp-pointer");
      event.preventDefault(); // arrows would scroll the page
      boxes[key] = (event.shiftKey ? resized : moved)(boxes[key], d[0], d[1]);
      update(true);
    }

    function update(announce) {
      var p = boxes.pred, g = boxes.gt, m = metrics(p, g), o = overlap(p, g), c = o.c;
      root.setAttribute("data-pred", p.join(","));
      root.setAttribute("data-gt", g.join(","));
      Object.keys(shapes).forEach(function (key) {
        var b = boxes[key], s = shapes[key];
        place(s.body, b);
        place(s.focus, [b[0] - 4, b[1] - 4, b[2] + 4, b[3] + 4]);
        s.label.setAttribute("x", b[0] + 4); // prediction labelled at the top, ground truth at the bottom
        s.label.setAttribute("y", key === "pred" ? b[1] + 13 : b[3] - 5);
        s.handle.setAttribute("x", b[2] - 5);
        s.handle.setAttribute("y", b[3] - 5);
        s.grip.setAttribute("x", b[2] - 14);
        s.grip.setAttribute("y", b[3] - 14);
        s.g.setAttribute("aria-label", NAMES[key] + " box, [x1, y1, x2, y2] = [" + b.join(", ") + "]");
      });
      place(enclosing, c);
      [["x1", c[0]], ["y1", c[1]], ["x2", c[2]], ["y2", c[3]]].forEach(function (a) { diagonal.setAttribute(a[0], a[1]); });
      place(inter, o.inter > 0 ? [Math.max(p[0], g[0]), Math.max(p[1], g[1]), Math.min(p[2], g[2]), Math.min(p[3], g[3])] : [0, 0, 0, 0]);
      centres.setAttribute("x1", (p[0] + p[2]) / 2);
      centres.setAttribute("y1", (p[1] + p[3]) / 2);
      centres.setAttribute("x2", (g[0] + g[2]) / 2);
      centres.setAttribute("y2", (g[1] + g[3]) / 2);
      coords.textContent = "Prediction [" + p.join(", ") + "], ground truth [" + g.join(", ") + "] as [x1, y1, x2, y2].";
      Object.keys(m).forEach(function (name) {
        cells[name].textContent = format(m[name]);
        cells[name + "-loss"].textContent = format(1 - m[name]);
      });
      cells["iou-ln-loss"].textContent = format(m.iou > 0 ? -Math.log(m.iou) : Infinity);
      if (announce) { // once per key press or drop, not on every pointer move
        status.textContent = "IoU " + format(m.iou) + ", GIoU " + format(m.giou) +
          ", DIoU " + format(m.diou) + ", CIoU " + format(m.ciou) + ".";
      }
    }

    update(false);
  }

  function init() {
    document.querySelectorAll(".box-playground").forEach(function (root) {
      if (root.dataset.ready) return; // idempotent: document$ may emit again for the same page
      root.dataset.ready = "true";
      build(root);
    });
  }

  // Material's instant navigation swaps the page content and emits on document$ each time.
  // widgets.js loads this file only once a page with a playground is shown: build it now, then
  // again on every later page (init skips placeholders it has already built).
  if (window.document$) {
    init();
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
