// Sipon queue screens: kiosk reset and printing, the call display (chime and spoken call),
// and keyboard shortcuts on the counter console. Pages work without this file.
(function () {
  "use strict";

  // --- Indonesian words for numbers (same rules as apps/queueing/speech.py) ---
  var ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];
  function numberWords(n) {
    if (n < 0) { return "minus " + numberWords(-n); }
    if (n < 12) { return ONES[n]; }
    if (n < 20) { return ONES[n - 10] + " belas"; }
    if (n < 100) { var t = Math.floor(n / 10), r = n % 10; return ONES[t] + " puluh" + (r ? " " + ONES[r] : ""); }
    if (n < 200) { return "seratus" + (n > 100 ? " " + numberWords(n - 100) : ""); }
    if (n < 1000) { var h = Math.floor(n / 100), rh = n % 100; return ONES[h] + " ratus" + (rh ? " " + numberWords(rh) : ""); }
    if (n < 2000) { return "seribu" + (n > 1000 ? " " + numberWords(n - 1000) : ""); }
    if (n < 1000000) { var k = Math.floor(n / 1000), rk = n % 1000; return numberWords(k) + " ribu" + (rk ? " " + numberWords(rk) : ""); }
    var m = Math.floor(n / 1000000), rm = n % 1000000;
    return numberWords(m) + " juta" + (rm ? " " + numberWords(rm) : "");
  }
  function digitsWords(text) {
    var digits = String(text).replace(/[^0-9]/g, "");
    if (!digits) { return ""; }
    var stripped = digits.replace(/^0+/, "");
    var words = [];
    var zeros = digits.length - stripped.length;
    for (var i = 0; i < (stripped ? zeros : digits.length); i++) { words.push("nol"); }
    if (stripped) { words.push(numberWords(parseInt(stripped, 10))); }
    return words.join(" ");
  }
  function spokenCall(label, counterNumber) {
    var parts = String(label).split("-");
    var letters = parts[0].split("").join(" ");
    return "Nomor antrean " + letters + " " + digitsWords(parts.slice(1).join("-")) + ", silakan ke loket " + numberWords(counterNumber);
  }
  window.SiponQueue = { numberWords: numberWords, digitsWords: digitsWords, spokenCall: spokenCall };

  // --- Chime (synthesised with WebAudio: no audio file needed) ---
  var audioContext = null;
  function chime(done) {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { if (done) { done(); } return; }
      audioContext = audioContext || new Ctx();
      var now = audioContext.currentTime;
      [659.25, 523.25].forEach(function (freq, i) {
        var osc = audioContext.createOscillator(), gain = audioContext.createGain();
        osc.type = "sine"; osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, now + i * 0.45);
        gain.gain.exponentialRampToValueAtTime(0.5, now + i * 0.45 + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.45 + 0.8);
        osc.connect(gain); gain.connect(audioContext.destination);
        osc.start(now + i * 0.45); osc.stop(now + i * 0.45 + 0.85);
      });
    } catch (e) { /* no audio: the call is still shown */ }
    if (done) { window.setTimeout(done, 1200); }
  }
  function speak(text) {
    if (!("speechSynthesis" in window) || !text) { return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "id-ID"; utterance.rate = 0.9;
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) { if (/^id/i.test(voices[i].lang)) { utterance.voice = voices[i]; break; } }
    window.speechSynthesis.speak(utterance);
  }

  // --- Call display ---
  var lastCall = null;
  function checkBoard(root) {
    var data = root.querySelector(".board-data");
    if (!data) { return; }
    var id = parseInt(data.getAttribute("data-last-call") || "0", 10);
    if (lastCall === null) { lastCall = id; return; }  // first view: do not replay old calls
    if (id > lastCall) {
      lastCall = id;
      var text = data.getAttribute("data-spoken");
      document.body.setAttribute("data-spoken-last", text || "");
      document.body.classList.remove("flash"); void document.body.offsetWidth; document.body.classList.add("flash");
      chime(function () { speak(text); });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    if (board) { checkBoard(board); }
    // Kiosk and printed ticket: reset to the kiosk home after a few seconds.
    var body = document.body;
    var home = body.getAttribute("data-kiosk-home");
    var seconds = parseInt(body.getAttribute("data-kiosk-reset") || "0", 10);
    if (home && seconds > 0) {
      var timer = null;
      var arm = function () { if (timer) { window.clearTimeout(timer); } timer = window.setTimeout(function () { window.location.assign(home); }, seconds * 1000); };
      ["pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, arm); });
      arm();
    }
    if (body.getAttribute("data-autoprint") === "1") { window.setTimeout(function () { window.print(); }, 300); }
    var code = document.querySelector(".kiosk-form input[type=text]");
    if (code) { code.focus(); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "board") { checkBoard(event.target); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
    if (event.target.closest("[data-sound-on]")) {
      chime(); speak("Suara aktif");
      document.body.classList.add("sound-on");
    }
    if (event.target.closest("[data-fullscreen]") && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  });

  // --- Counter console shortcuts ---
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-console]")) { return; }
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    var button = document.querySelector('[data-shortcut="' + event.key.toLowerCase() + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
