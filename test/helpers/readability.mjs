// Flesch reading ease from text-readability, which ships only as an ES module. Jest here runs
// CommonJS through ts-jest, so content tests run this script with node: texts in (JSON on stdin),
// scores out (JSON on stdout), in the same order.
import readability from 'text-readability';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const texts = JSON.parse(input);
process.stdout.write(JSON.stringify(texts.map((text) => readability.fleschReadingEase(text))));
