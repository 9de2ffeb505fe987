// demo_split.js — emcc --pre-js of the Demo worker (pinlab-demo.js): its module is cut in two after linking
// (scripts/split_worker.py). pinlab-demo.wasm holds what a visitor's first steps run (sign-in, the account,
// boards, a board's pins, the pins grid and their images, saving); the rest of the emulator (the generic
// layer, the other operations, restoring saved data, the Explorer's spec service, the catalogue's parser) is
// in pinlab-demo-more.wasm. Its functions' table slots hold placeholders until then: the first call of one
// fetches and instantiates that file synchronously (a worker may), then makes the call. Which functions
// moved only decides when the file is fetched, never whether a call works.
Module['instantiateWasm'] = function (imports, done) {
  var exports = null;
  var more = function () {
    var x = new XMLHttpRequest();
    x.open('GET', 'pinlab-demo-more.wasm', false);
    x.responseType = 'arraybuffer';
    x.send();
    if (x.status !== 200) throw new Error('HTTP ' + x.status + ' for pinlab-demo-more.wasm');
    // Its imports are this module's own exports (memory, table, functions); instantiating it writes its
    // functions into the table slots that held placeholders.
    new WebAssembly.Instance(new WebAssembly.Module(x.response), { primary: exports });
    Module['pinlabMoreLoaded'] = true;
  };
  imports['placeholder'] = new Proxy({}, { get: function (t, slot) {
    return function () {
      if (!Module['pinlabMoreLoaded']) {
        try { more(); } catch (e) { throw new Error('its code could not be loaded (' + (e && e.message || e) + ')'); }
      }
      var table = null;
      for (var k in exports) if (exports[k] instanceof WebAssembly.Table) table = exports[k];
      return table.get(Number(slot)).apply(null, arguments);
    };
  } });
  var ok = function (r) { exports = r.instance.exports; done(r.instance, r.module); };
  var slow = function () {  // a host that does not serve .wasm as application/wasm
    return fetch('pinlab-demo.wasm', { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status + ' for pinlab-demo.wasm'); return r.arrayBuffer(); })
      .then(function (b) { return WebAssembly.instantiate(b, imports); });
  };
  var p = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch('pinlab-demo.wasm', { credentials: 'same-origin' }), imports).catch(slow)
    : slow();
  p.then(ok, function (e) { setTimeout(function () { throw new Error('pinlab-demo.wasm could not be loaded: ' + (e && e.message || e)); }); });
  return {};
};
