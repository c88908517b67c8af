// Booking pages need no script: the forms work without JavaScript.
