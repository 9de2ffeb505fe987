// account.test.js — the account views in Demo with real input: followers page through two pages with the
// mouse ("Load more"); a video pin is made from a file chosen in the browser's file picker (register,
// upload to upload_url, processing until succeeded, create) at 390×844; screenshots of each new
// view at 1280×800 and 390×844 land in tests/e2e/artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact, uiState } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, signInDemo } = require('./ui');

// The first bytes of an MP4 (an ISO BMFF "ftyp" box), then filler.
function mp4() {
  const b = Buffer.alloc(64 * 1024, 7);
  Buffer.from([0, 0, 0, 0x18]).copy(b, 0);
  Buffer.from('ftypmp42', 'latin1').copy(b, 4);
  return b;
}

async function openMore(page, name) {
  await clickItem(page, 'nav:More');
  await clickItem(page, 'more:' + name);
}

test('Demo, mouse: followers page through two pages; every new view at 1280×800', async (t) => {
  const { page, con } = await openApp(t);
  try {
    await signInDemo(page);

    await openMore(page, 'Followers');
    const first = await waitForState(page, (s) => s.view === 'people' && s.followers_loaded === 25 && !s.busy, 'first page');
    assert.equal(first.hash, '#/people');
    assert.equal(first.followers_pages, 1);
    saveArtifact('desktop-people.png', await page.screenshot());
    await clickItem(page, 'button:Load more');
    const second = await waitForState(page, (s) => s.followers_loaded === 50 && !s.busy, 'second page');
    assert.equal(second.followers_pages, 2);
    assert.ok(findItem(second, /^user:/), 'follower rows are drawn');

    for (const [name, view] of [['Top pins', 'top-pins'], ['Video pin', 'video'], ['Websites', 'websites'],
                                ['Businesses', 'businesses']]) {
      await openMore(page, name);
      await waitForState(page, (s) => s.view === view && !s.busy, `view ${view}`);
      await page.waitForTimeout(300);  // images of the view
      saveArtifact(`desktop-${view}.png`, await page.screenshot());
    }
    assert.deepEqual(con.errors, [], `console errors; failed loads: ${con.failed.join(', ')}`);
  } catch (e) {
    saveArtifact('account-desktop-failure.png', await page.screenshot());
    throw e;
  }
});

test('Demo, phone size: a video pin from a chosen file reaches succeeded and is created', async (t) => {
  const { page, con } = await openApp(t, { phone: true });
  // Real mouse input at the phone's size. (Touch taps were tried first: on a loaded 2-core machine many are
  // not taken — input.test.js's phone test stops at its first tap there too — so they would test the machine.)
  const tap = (label) => clickItem(page, label);
  const tapUntil = async (label, done, what) => {
    await tap(label);
    return waitForState(page, done, what);
  };
  try {
    await clickItem(page, 'button:Sign in');
    await clickItem(page, 'button:Allow');
    await waitForState(page, (s) => s.signed_in && s.user, 'signed in');

    // The new views are in the phone menu; each fits the narrow layout.
    for (const [name, view] of [['Followers', 'people'], ['Top pins', 'top-pins'], ['Websites', 'websites'],
                                ['Businesses', 'businesses'], ['Video pin', 'video']]) {
      await tapUntil('button:Menu', (s) => !!findItem(s, 'menu:' + name), 'the menu');
      await tapUntil('menu:' + name, (s) => s.view === view, `view ${view} from the menu`);
      await waitForState(page, (s) => s.view === view && !s.busy, `view ${view} loaded`);
      await page.waitForTimeout(300);
      saveArtifact(`phone-${view}.png`, await page.screenshot());
    }

    // Choose the file in the browser's picker.
    let chooser;
    for (let i = 0; i < 3 && !chooser; i++) {
      [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 3000 }).catch(() => null),
                                     tap('button:Choose video file')]);
    }
    assert.ok(chooser, 'the file picker opened');
    await chooser.setFiles({ name: 'clip.mp4', mimeType: 'video/mp4', buffer: mp4() });
    await waitForState(page, (s) => s.video_file === 'clip.mp4', 'the chosen file');
    await tapUntil('combo:Board', (s) => !!findItem(s, /^option:/), 'the board list');
    const opt = await waitForItem(page, /^option:/);
    await tapUntil(opt.label, (s) => !findItem(s, /^option:/), 'a board chosen');
    await tapUntil('button:Upload video', (s) => s.video_step !== 'idle', 'the upload started');
    const seen = new Set();
    await waitForState(page, (s) => { if (s.video_status) seen.add(s.video_status); return s.video_step === 'ready'; },
                       'processing to finish', 30000);
    assert.ok(seen.has('processing'), `statuses seen: ${[...seen].join(', ')}`);
    const ready = await uiState(page);
    assert.equal(ready.video_status, 'succeeded');
    saveArtifact('phone-video-ready.png', await page.screenshot());
    const made = await tapUntil('button:Create video pin', (s) => /^\d+$/.test(s.video_pin || ''), 'the video pin');
    await tapUntil('button:Open the pin', (s) => s.view === 'pin', 'the pin view');
    await waitForState(page, (s) => s.view === 'pin' && s.hash === `#/pins/${made.video_pin}` && !s.busy, 'the pin view');
    saveArtifact('phone-video-pin.png', await page.screenshot());
    assert.deepEqual(con.errors, [], `console errors; failed loads: ${con.failed.join(', ')}`);
  } catch (e) {
    saveArtifact('account-phone-failure.png', await page.screenshot());
    throw e;
  }
});
