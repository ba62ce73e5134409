import type { LoopState } from './fold';

/**
 * What to say, per route, with the customer's own words in it. Plain text with line breaks:
 * views render it as text, never as HTML, so a verbatim can never become markup.
 */
export interface Script {
  title: string;
  lines: string[];
}

const firstName = (name: string | undefined) => (name?.trim().split(/\s+/)[0] ?? '') || 'there';

function quoted(comment: string): string | null {
  const text = comment.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

export function callScript(state: LoopState): Script {
  const name = firstName(state.response.name);
  const words = quoted(state.response.comment);
  switch (state.route) {
    case 'recovery':
      return {
        title: 'Recovery call',
        lines: [
          `Hi ${name}, this is about the survey you answered — thank you for being straight with us.`,
          words
            ? `You wrote: “${words}” I want to understand exactly what happened.`
            : 'You gave us a low score without a comment. What happened?',
          'Listen first. Repeat back what you heard, and ask what a good outcome looks like for them.',
          'Commit to one concrete next step and a date you will come back with it. Do not promise what you cannot deliver.',
          'Afterwards: log the outcome here, then record the root cause.',
        ],
      };
    case 'improvement':
      return {
        title: 'Improvement call',
        lines: [
          `Hi ${name}, thanks for your feedback in the survey.`,
          words
            ? `You mentioned: “${words}” Could you tell me more about that?`
            : 'What is the one thing that would make us a 9 or 10 for you?',
          'Ask what would make the biggest difference, and who else on their side feels the same.',
          'Say what happens with their input and when they will hear back.',
        ],
      };
    case 'advocacy':
      return {
        title: 'Thank-you call',
        lines: [
          `Hi ${name}, thank you for the great score — it means a lot to the team.`,
          words ? `You wrote: “${words}” May we share that?` : 'What has worked best for you so far?',
          'If the timing feels right, ask for a review or a referral; never more than one ask per quarter.',
        ],
      };
  }
}

export function emailTemplate(state: LoopState): { subject: string; body: string } {
  const name = firstName(state.response.name);
  const words = quoted(state.response.comment);
  switch (state.route) {
    case 'recovery':
      return {
        subject: words ? 'About your feedback' : 'What happened? We would like to hear it',
        body: [
          `Hi ${name},`,
          '',
          words
            ? `Thank you for your feedback. You wrote: “${words}”`
            : 'Thank you for answering our survey. Your score tells us something went wrong, and we would like to understand what.',
          words
            ? 'I am sorry we let you down. I would like to hear more and put it right — could we talk this week?'
            : 'Could you reply with a line or two about what happened, or tell me a good time to call?',
          '',
          'Best regards,',
        ].join('\n'),
      };
    case 'improvement':
      return {
        subject: 'Thanks for your feedback',
        body: [
          `Hi ${name},`,
          '',
          words ? `Thank you for your feedback: “${words}”` : 'Thank you for answering our survey.',
          'What is the one thing that would make the biggest difference for you? I will make sure it reaches the right team.',
          '',
          'Best regards,',
        ].join('\n'),
      };
    case 'advocacy':
      return {
        subject: 'Thank you!',
        body: [
          `Hi ${name},`,
          '',
          words ? `Thank you for your kind words: “${words}”` : 'Thank you for the great score.',
          'If you have two minutes, a short review would help others find us. No pressure at all.',
          '',
          'Best regards,',
        ].join('\n'),
      };
  }
}
