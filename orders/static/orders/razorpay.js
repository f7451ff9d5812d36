// Opens Razorpay Checkout, then posts its signed answer to our callback (verified on the server).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("razorpay-pay");
  var form = document.getElementById("razorpay-callback");
  var failed = document.getElementById("razorpay-failed");
  if (!button || !form || typeof Razorpay === "undefined") return;
  button.addEventListener("click", function () {
    var checkout = new Razorpay({
      key: button.dataset.key,
      order_id: button.dataset.order,
      amount: button.dataset.amount,
      currency: "INR",
      name: button.dataset.name,
      handler: function (response) {
        form.razorpay_payment_id.value = response.razorpay_payment_id;
        form.razorpay_signature.value = response.razorpay_signature;
        form.submit();
      }
    });
    // A declined card or a UPI timeout: record it, so the order page says why and offers a retry.
    checkout.on("payment.failed", function (response) {
      if (!failed) return;
      failed.error_description.value = (response.error && response.error.description) || "";
      failed.submit();
    });
    checkout.open();
  });
});
