/*
 * The jsdom patch (.yarn/patches/jsdom-*.patch) skips matching a style rule
 * against an element that lacks a class the rule's rightmost compound
 * selector names. These are the selectors where such a shortcut could go
 * wrong; each must still give the style a browser gives. Run with
 * `node --test scripts/jest/*.test.js` (the test command's static checks do).
 */
const test = require('node:test');
const assert = require('node:assert');
const { JSDOM } = require('jsdom');

const css = `
  .hidden { display: none }
  .outer .inner { display: none }
  .parent > .child:hover, .parent > .child { visibility: hidden }
  .a.b { display: none }
  div.tagged { display: none }
  .CaseSensitive { display: none }
  .x, section { display: none }
  .not-me:not(.keep) { display: none }
  [class~="by-attribute"] { display: none }
  .esc\\:aped { display: none }
  .ünicode { display: none }
  .before::before { display: none }
  * .star-child { display: none }
`;

function page(body, doctype = '<!DOCTYPE html>') {
  const dom = new JSDOM(
    `${doctype}<html><head><style>${css}</style></head><body>${body}</body></html>`,
  );
  const { document } = dom.window;
  return {
    style: id => dom.window.getComputedStyle(document.getElementById(id)),
    document,
  };
}

test('a rule matches elements that have its classes, and only those', () => {
  const { style } = page(`
    <p id="hidden" class="hidden"></p>
    <p id="other" class="shown"></p>
    <p id="none"></p>
    <div class="outer"><p id="inner" class="inner"></p></div>
    <p id="inner-alone" class="inner"></p>
    <div class="parent"><span id="child" class="child"></span></div>
    <span id="child-alone" class="child"></span>
    <p id="ab" class="b a"></p>
    <p id="only-a" class="a"></p>
    <div id="tagged" class="tagged"></div>
    <p id="tagged-p" class="tagged"></p>
    <p id="star-child" class="star-child"></p>
  `);
  assert.equal(style('hidden').display, 'none');
  assert.notEqual(style('other').display, 'none');
  assert.notEqual(style('none').display, 'none');
  assert.equal(style('inner').display, 'none');
  assert.notEqual(style('inner-alone').display, 'none');
  assert.equal(style('child').visibility, 'hidden');
  assert.notEqual(style('child-alone').visibility, 'hidden');
  assert.equal(style('ab').display, 'none');
  assert.notEqual(style('only-a').display, 'none');
  assert.equal(style('tagged').display, 'none');
  assert.notEqual(style('tagged-p').display, 'none');
  assert.equal(style('star-child').display, 'none');
});

test('selectors the shortcut cannot read still match in full', () => {
  const { style } = page(`
    <section id="section"></section>
    <p id="x" class="x"></p>
    <p id="not-me" class="not-me"></p>
    <p id="kept" class="not-me keep"></p>
    <p id="attr" class="by-attribute"></p>
    <p id="escaped" class="esc:aped"></p>
    <p id="unicode" class="ünicode"></p>
    <p id="before" class="before"></p>
  `);
  assert.equal(style('section').display, 'none');
  assert.equal(style('x').display, 'none');
  assert.equal(style('not-me').display, 'none');
  assert.notEqual(style('kept').display, 'none');
  assert.equal(style('attr').display, 'none');
  assert.equal(style('escaped').display, 'none');
  assert.equal(style('unicode').display, 'none');
  // A pseudo-element's rule is not the element's own style.
  assert.notEqual(style('before').display, 'none');
});

test('a class changed after a style was read is seen', () => {
  const { style, document } = page('<p id="p" class="shown"></p>');
  assert.notEqual(style('p').display, 'none');
  document.getElementById('p').className = 'hidden';
  assert.equal(style('p').display, 'none');
  document.getElementById('p').removeAttribute('class');
  assert.notEqual(style('p').display, 'none');
});

test('class names match as the selector engine matches them, case and all', () => {
  for (const doctype of ['<!DOCTYPE html>', '']) {
    for (const name of ['CaseSensitive', 'casesensitive', 'CASESENSITIVE']) {
      const { style, document } = page(
        `<p id="p" class="${name}"></p>`,
        doctype,
      );
      const matched = document.getElementById('p').matches('.CaseSensitive');
      assert.equal(
        style('p').display === 'none',
        matched,
        `${name} ${doctype}`,
      );
    }
  }
  // The exact name always matches.
  assert.equal(
    page('<p id="p" class="CaseSensitive"></p>').style('p').display,
    'none',
  );
});
