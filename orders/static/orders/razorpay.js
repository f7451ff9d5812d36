// Opens Razorpay Checkout, then posts its signed answer to our callback (verified on the server).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("razorpay-pay");
  var form = document.getElementById("razorpay-callback");
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
    checkout.open();
  });
});
