// Photos larger than a document's limit are reduced on the phone before upload: drawn on a canvas at most
// MAX_SIDE pixels on the long side (the photo's orientation kept: createImageBitmap applies its EXIF rotation),
// then saved as JPEG at the highest quality that fits. The server still checks the size; without this file (or
// on a browser without canvas/DataTransfer) the server's message says how to make the photo smaller.
(function () {
  "use strict";
  var MAX_SIDE = 2400;
  var QUALITIES = [0.85, 0.75, 0.65, 0.55, 0.45];
  var RESIZABLE = /^image\/(jpeg|png|webp|heic|heif)$/;

  function supported() {
    return typeof window.createImageBitmap === "function" && typeof window.DataTransfer === "function" &&
      typeof HTMLCanvasElement.prototype.toBlob === "function";
  }

  function toBlob(canvas, quality) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
  }

  function shrink(file, maxBytes) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var attempt = function (index, side) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * side);
        canvas.height = Math.round(bitmap.height * side);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return toBlob(canvas, QUALITIES[index]).then(function (blob) {
          if (blob && blob.size <= maxBytes) { return blob; }
          if (index + 1 < QUALITIES.length) { return attempt(index + 1, side); }
          if (side > 0.3) { return attempt(0, side * 0.7); }
          return null;
        });
      };
      return attempt(0, scale);
    }).then(function (blob) {
      if (!blob) { return null; }
      var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
      return new File([blob], name, { type: "image/jpeg", lastModified: Date.now() });
    });
  }

  function note(input, text) {
    var id = input.id + "-resize-note";
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("span");
      el.id = id;
      el.className = "hint";
      el.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", el);
    }
    el.textContent = text;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]") || input.dataset.resized === "1") {
      if (input && input.dataset) { delete input.dataset.resized; }
      return;
    }
    var maxBytes = parseInt(input.dataset.maxBytes, 10);
    var files = Array.prototype.slice.call(input.files || []);
    var big = files.filter(function (f) { return f.size > maxBytes && RESIZABLE.test(f.type); });
    if (!big.length || !supported()) { return; }
    event.stopImmediatePropagation(); // the upload waits for the smaller photo
    note(input, input.dataset.resizingText || "");
    Promise.all(files.map(function (f) {
      return big.indexOf(f) >= 0 ? shrink(f, maxBytes).catch(function () { return null; }) : Promise.resolve(f);
    })).then(function (results) {
      var transfer = new DataTransfer();
      results.forEach(function (f, i) { transfer.items.add(f || files[i]); });
      input.files = transfer.files;
      note(input, results.indexOf(null) >= 0 ? "" : (input.dataset.resizedText || ""));
      input.dataset.resized = "1";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }, true);
})();
