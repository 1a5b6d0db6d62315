'use strict';

// Sends the token from the page's link to the API when the user presses the button.
// Loading the page sends nothing, so link scanners that fetch the page consume no token.
(function () {
  const form = document.getElementById('token-form');
  const status = document.getElementById('status');
  if (!form || !status) {
    return;
  }
  const button = form.querySelector('button');
  const token = new URLSearchParams(window.location.search).get('token');
  // The token leaves the address bar, so it stays out of history, bookmarks and screenshots.
  window.history.replaceState(null, '', window.location.pathname);

  function show(kind, text) {
    status.textContent = text;
    status.className = 'status ' + kind;
  }

  if (!token) {
    form.hidden = true;
    show('error', 'This link is incomplete. Open the link in the email again.');
    return;
  }

  function requestBody() {
    const body = { token: token };
    for (const input of form.querySelectorAll('input[name]')) {
      if (input.dataset.confirms === undefined && input.value !== '') {
        body[input.name] = input.value;
      }
    }
    return body;
  }

  function confirmationMatches() {
    for (const input of form.querySelectorAll('input[data-confirms]')) {
      if (input.value !== form.elements[input.dataset.confirms].value) {
        return false;
      }
    }
    return true;
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    if (!confirmationMatches()) {
      show('error', 'The two passwords do not match.');
      return;
    }
    button.disabled = true;
    show('pending', 'Sending...');
    try {
      const response = await fetch(form.dataset.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(requestBody()),
        credentials: 'same-origin',
        cache: 'no-store',
        referrerPolicy: 'no-referrer'
      });
      const payload = await response.json().catch(function () { return null; });
      if (response.ok) {
        form.hidden = true;
        show('success', form.dataset.success);
        return;
      }
      const message = payload && payload.error && payload.error.message;
      show('error', message || 'The request failed with HTTP status ' + response.status + '.');
    } catch (error) {
      show('error', 'The server could not be reached. Check the connection and try again.');
    }
    button.disabled = false;
  });
})();
