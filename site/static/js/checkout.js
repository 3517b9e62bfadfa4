/*
 * Card payment on the pay page, and the status on the return page.
 *
 * No inline script anywhere: the server passes what this needs through data-
 * attributes (the publishable key, the PaymentIntent's client secret, the URLs and the
 * translated messages). Card details stay in Stripe's element; this script never sees
 * them. It marks nothing paid: after Stripe has confirmed the card it goes to the return
 * page, which shows what the server has learned from Stripe.
 */
(function () {
  "use strict";

  function say(region, text, isError) {
    region.textContent = text || "";
    region.classList.toggle("message", Boolean(text));
    region.classList.toggle("message--error", Boolean(isError));
  }

  // localstripe's Stripe.js stand-in confirms nothing in the browser (its
  // confirmCardPayment only plays the 3-D Secure step): the card is tokenised here,
  // the server attaches it to the PaymentIntent and confirms, and any 3-D Secure step
  // is then played with confirmCardPayment(clientSecret).
  async function confirmWithStandIn(stripe, card, form) {
    let tokenResult;
    try {
      tokenResult = await stripe.createToken(card);
    } catch (error) {
      return { error: {} }; // the stand-in throws on an empty card
    }
    if (tokenResult.error || !tokenResult.token) {
      return { error: tokenResult.error || {} };
    }
    const body = new URLSearchParams();
    body.set("token", tokenResult.token.id);
    const response = await fetch(form.dataset.cardUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: body,
    });
    const result = await response.json().catch(function () { return {}; });
    if (!response.ok || result.error) {
      // A decline has Stripe's own shape (type card_error), as with Stripe.js.
      return { error: { message: result.error, type: result.declined ? "card_error" : "" } };
    }
    if (result.status === "requires_action") {
      return stripe.confirmCardPayment(result.client_secret);
    }
    return { paymentIntent: result };
  }

  function initPayForm(form) {
    const message = document.getElementById("payment-message");
    const button = form.querySelector("button[type=submit]");
    if (typeof window.Stripe !== "function") {
      say(message, form.dataset.msgUnavailable, true);
      button.disabled = true;
      return;
    }
    // Stripe.js words its own messages in the page's language (en, fi, sv).
    const stripe = window.Stripe(form.dataset.publishableKey, {
      locale: document.documentElement.lang || "auto",
    });
    const card = stripe.elements().create("card");
    card.mount("#card-element");

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      say(message, form.dataset.msgWorking, false);
      let result;
      try {
        result = form.dataset.standIn === "true"
          ? await confirmWithStandIn(stripe, card, form)
          : await stripe.confirmCardPayment(form.dataset.clientSecret, {
            payment_method: { card: card },
          });
      } catch (error) {
        result = { error: { message: form.dataset.msgUnavailable } };
      }
      form.removeAttribute("aria-busy");
      if (result.error) {
        let text = result.error.message || form.dataset.msgFailed;
        if (result.error.type === "card_error" && form.dataset.msgDeclined) {
          // The card was refused: nothing was charged, and the booking is still held.
          text += " " + form.dataset.msgDeclined;
        }
        say(message, text, true);
        button.disabled = false;
        return;
      }
      window.location.assign(form.dataset.returnUrl);
    });
  }

  function pollStatus(region) {
    const text = document.getElementById("payment-status-text");
    let tries = 0;
    const timer = window.setInterval(async function () {
      tries += 1;
      try {
        const response = await fetch(region.dataset.statusUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          const status = await response.json();
          if (status.state !== region.dataset.state) {
            region.dataset.state = status.state;
            text.textContent = status.message;
            region.classList.toggle("message--success", status.state === "confirmed");
            region.classList.toggle(
              "message--error", status.state === "failed" || status.state === "canceled"
            );
          }
          if (status.state !== "pending") {
            window.clearInterval(timer);
            return;
          }
        }
      } catch (error) {
        // Offline for a moment: keep trying until the limit below.
      }
      if (tries >= 30) {
        window.clearInterval(timer);
        text.textContent = region.dataset.msgSlow;
      }
    }, 2000);
  }

  const form = document.getElementById("payment-form");
  if (form) {
    initPayForm(form);
  }
  const status = document.querySelector("[data-status-url]");
  if (status && status.dataset.state === "pending") {
    pollStatus(status);
  }
})();
