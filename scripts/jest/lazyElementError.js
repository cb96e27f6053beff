/*
 * Set up after the environment of every frontend (jsdom) test suite, from
 * jest.config.js.
 *
 * Testing Library's getBy* queries throw an error whose message holds the
 * whole document, pretty-printed. Inside waitFor and findBy* a query fails
 * on every attempt until the page shows what the test waits for, and each
 * of those messages was printed and thrown away: about 6 % of the CPU time
 * of the dead-letter tab's suites. There, the message is now printed when it
 * is first read, which waitFor does when it gives up (the error that fails
 * the test reads the same as before). Outside waitFor (a plain getBy* query
 * that fails at once) nothing changes: the document is printed right away,
 * before the test's cleanup empties it.
 */
const dom = require('@testing-library/dom');

const eager = dom.getConfig().getElementError;

dom.configure({
  getElementError(message, container) {
    // Set by waitFor and findBy* around each attempt.
    if (!dom.getConfig()._disableExpensiveErrorDiagnostics) {
      return eager(message, container);
    }
    const error = new Error();
    error.name = 'TestingLibraryElementError';
    let text;
    Object.defineProperty(error, 'message', {
      configurable: true,
      enumerable: false,
      get() {
        if (text === undefined) {
          try {
            text = eager(message, container).message;
          } catch (printing) {
            // The document is gone (read after the test's cleanup): the
            // query's own words still say what was not found.
            text = `${
              message ?? ''
            }\n\n(the document could not be printed: ${printing})`;
          }
        }
        return text;
      },
      set(value) {
        text = value;
      },
    });
    return error;
  },
});
