// The checkout page's live part: asks Pay for the invoice's status every few seconds and shows it, counts
// down to expiry, and copies the address. Without script the page still shows everything at render time.
(function () {
  'use strict';
  var page = document.getElementById('checkout');
  var headline = document.getElementById('status-headline');
  var detail = document.getElementById('status-detail');
  var received = document.getElementById('received');
  var countdown = document.getElementById('countdown');
  var copy = document.getElementById('copy');
  var address = document.getElementById('address');
  var pollMs = Number(page.dataset.pollMs);
  var expiresAt = Date.parse(page.dataset.expiresAt);
  // The customer's clock may be wrong; count down on the server's.
  var clockOffset = Date.parse(page.dataset.serverTime) - Date.now();

  function show(status) {
    page.dataset.status = status.status;
    page.dataset.payable = String(status.payable);
    page.dataset.settled = String(status.settled);
    headline.textContent = status.headline;
    detail.textContent = status.detail;
    received.textContent = String(status.received);
    document.title = 'Pay ' + status.price + ' BLC \u00b7 ' + status.headline;
  }

  function poll() {
    fetch(page.dataset.statusUrl, { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (!status.settled) { setTimeout(poll, pollMs); }
      })
      .catch(function () { setTimeout(poll, pollMs * 3); });
  }

  function tick() {
    var left = Math.max(0, Math.floor((expiresAt - (Date.now() + clockOffset)) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    countdown.textContent = left > 0
      ? minutes + ':' + (seconds < 10 ? '0' : '') + seconds + ' left'
      : 'Time is up';
  }

  function selectAddress() {
    var range = document.createRange();
    range.selectNodeContents(address);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  copy.addEventListener('click', function () {
    var done = function () { copy.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address.textContent).then(done, selectAddress);
    } else {
      selectAddress();
      if (document.execCommand('copy')) { done(); }
    }
  });
  copy.hidden = false;

  tick();
  setInterval(tick, 1000);
  if (page.dataset.settled !== 'true') { setTimeout(poll, pollMs); }
})();
