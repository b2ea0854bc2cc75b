/** E-mail subscriptions of the public (issue 13, item 7; decision 046). */
export const es = {
  form: {
    heading: 'Seguir por correo',
    intro: 'Reciba por correo los cambios de estado verificados, las impugnaciones y sus resoluciones. No necesita una cuenta: le enviaremos un enlace para confirmar, y cada correo trae un enlace para darse de baja.',
    email: 'Su correo electrónico',
    frequency: 'Con qué frecuencia',
    immediate: 'En cuanto ocurra',
    daily: 'Un resumen diario',
    weekly: 'Un resumen semanal',
    honeypot: 'Deje este campo vacío',
    submit: 'Suscribirme',
  },
  target: {
    commitment: (n: string, title: string) => `el compromiso ${n}: ${title}`,
    plan: (title: string) => `el plan de acción «${title}»`,
    member: (name: string) => `${name} (miembro de OGP)`,
  },
  page: {
    title: 'Seguir por correo',
    checkMail:
      'Si la dirección es válida, le enviamos un correo con un enlace para confirmar la suscripción. La suscripción no se activa hasta que siga ese enlace, que vale 48 horas. Si no lo recibe, revise la carpeta de correo no deseado.',
    noMail:
      'Las suscripciones por correo necesitan que el correo del servidor esté configurado, y en este servidor aún no lo está: no se guardó nada. Mientras tanto puede seguir los cambios con los canales Atom de los planes y de los compromisos.',
    following: (target: string) => `Sobre ${target}.`,
    back: 'Volver a la página',
    errorsHeading: 'Revise el formulario',
    email: 'Indique una dirección de correo válida (como máximo 254 caracteres).',
    target: 'Lo que quiere seguir no existe.',
    frequency: 'Elija una frecuencia de la lista.',
    rateLimited: 'Recibimos demasiadas solicitudes desde su conexión. Espere una hora e inténtelo de nuevo.',
  },
  confirm: {
    title: 'Confirmar la suscripción',
    intro: 'Confirme que quiere recibir estos correos. Puede darse de baja cuando quiera con el enlace que trae cada correo.',
    button: 'Confirmar la suscripción',
    done: (target: string) => `Listo: su suscripción a ${target} está activa.`,
    unknown: 'Este enlace no es válido, ya se usó o venció (vale 48 horas). Si quiere suscribirse, hágalo de nuevo desde la página.',
  },
  unsubscribe: {
    title: 'Darse de baja',
    intro: 'Confirme que ya no quiere recibir estos correos.',
    button: 'Darme de baja',
    done: 'Listo: ya no recibirá estos correos. Su dirección se borró de esta suscripción.',
    unknown: 'Este enlace no es válido o la suscripción ya se canceló.',
  },
  mail: {
    confirmSubject: (target: string) => `Confirme su suscripción a ${target}`,
    confirmText: (target: string, frequency: string) =>
      `Alguien (probablemente usted) pidió recibir por correo las novedades de ${target} (${frequency}).\n\nPara activar la suscripción, siga el enlace de abajo en las próximas 48 horas. Si no la pidió, ignore este correo: no recibirá nada más.`,
    confirmLink: 'Confirmar la suscripción',
    footer: (target: string) => `Recibe este correo porque se suscribió a ${target} en Abierto.`,
    unsubscribe: 'Darse de baja con un clic',
    digestSubject: (frequency: string, target: string) => `${frequency}: novedades de ${target}`,
    digestIntro: (n: number, target: string) => (n === 1 ? `Hubo 1 novedad sobre ${target}:` : `Hubo ${n} novedades sobre ${target}:`),
    daily: 'Resumen diario',
    weekly: 'Resumen semanal',
  },
  cli: {
    done: (digests: number, pruned: number) => `Resúmenes enviados: ${digests}. Suscripciones sin confirmar vencidas borradas: ${pruned}.`,
  },
};

export const en: typeof es = {
  form: {
    heading: 'Follow by e-mail',
    intro: 'Get verified status changes, contestations and their resolutions by e-mail. You need no account: we will send you a link to confirm, and every e-mail carries a link to unsubscribe.',
    email: 'Your e-mail address',
    frequency: 'How often',
    immediate: 'As it happens',
    daily: 'A daily digest',
    weekly: 'A weekly digest',
    honeypot: 'Leave this field empty',
    submit: 'Subscribe',
  },
  target: {
    commitment: (n: string, title: string) => `commitment ${n}: ${title}`,
    plan: (title: string) => `the action plan “${title}”`,
    member: (name: string) => `${name} (OGP member)`,
  },
  page: {
    title: 'Follow by e-mail',
    checkMail:
      'If the address is valid, we have sent it an e-mail with a link to confirm the subscription. The subscription is not active until that link is followed; it is valid for 48 hours. If it does not arrive, check your spam folder.',
    noMail:
      'Subscriptions by e-mail need the server’s mail to be set up, and on this server it is not yet: nothing was stored. Meanwhile you can follow the changes with the Atom feeds of the plans and commitments.',
    following: (target: string) => `About ${target}.`,
    back: 'Back to the page',
    errorsHeading: 'Check the form',
    email: 'Give a valid e-mail address (at most 254 characters).',
    target: 'What you want to follow does not exist.',
    frequency: 'Choose a frequency from the list.',
    rateLimited: 'We received too many requests from your connection. Wait an hour and try again.',
  },
  confirm: {
    title: 'Confirm the subscription',
    intro: 'Confirm that you want to receive these e-mails. You can unsubscribe at any time with the link in every e-mail.',
    button: 'Confirm the subscription',
    done: (target: string) => `Done: your subscription to ${target} is active.`,
    unknown: 'This link is not valid, was already used or has expired (it is valid for 48 hours). To subscribe, do it again from the page.',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    intro: 'Confirm that you no longer want to receive these e-mails.',
    button: 'Unsubscribe me',
    done: 'Done: you will no longer receive these e-mails. Your address was deleted from this subscription.',
    unknown: 'This link is not valid or the subscription was already cancelled.',
  },
  mail: {
    confirmSubject: (target: string) => `Confirm your subscription to ${target}`,
    confirmText: (target: string, frequency: string) =>
      `Someone (probably you) asked to receive news of ${target} by e-mail (${frequency}).\n\nTo activate the subscription, follow the link below within 48 hours. If you did not ask for it, ignore this e-mail: you will receive nothing else.`,
    confirmLink: 'Confirm the subscription',
    footer: (target: string) => `You receive this e-mail because you subscribed to ${target} on Abierto.`,
    unsubscribe: 'Unsubscribe with one click',
    digestSubject: (frequency: string, target: string) => `${frequency}: news of ${target}`,
    digestIntro: (n: number, target: string) => (n === 1 ? `There was 1 change to ${target}:` : `There were ${n} changes to ${target}:`),
    daily: 'Daily digest',
    weekly: 'Weekly digest',
  },
  cli: {
    done: (digests: number, pruned: number) => `Digests sent: ${digests}. Expired unconfirmed subscriptions deleted: ${pruned}.`,
  },
};
