/**
 * DynamoDB's expression languages and their legacy equivalents: parsing, DynamoDB's static checks
 * with its exact ValidationException messages, and evaluation against items.
 *
 * <p>Pipeline: {@link io.tidemark.expr.Lexer} (tokens with positions, for DynamoDB's
 * {@code Syntax error; token: "x", near: "a x b"}) → parsers ({@code ConditionParser},
 * {@code UpdateParser}, {@code ProjectionParser}) building the tree in {@code Ast} and ranking the
 * problems they find the way DynamoDB does → immutable, reusable results: {@link
 * io.tidemark.expr.Condition} (evaluated by {@code ConditionEvaluator}), {@link
 * io.tidemark.expr.UpdatePlan} (applied by {@code UpdateApplier}), {@link
 * io.tidemark.expr.Projection} and {@link io.tidemark.expr.KeyCondition}. {@link
 * io.tidemark.expr.Legacy} maps Expected, QueryFilter / ScanFilter, KeyConditions, AttributeUpdates
 * and AttributesToGet onto the same tree and evaluators.
 *
 * <p>Typical use in an operation:
 *
 * <pre>{@code
 * ExpressionContext ctx = ExpressionContext.fromJson(req.raw("ExpressionAttributeNames"),
 *     req.raw("ExpressionAttributeValues"));
 * UpdatePlan update = Expressions.parseUpdate(req.string("UpdateExpression"), ctx);
 * Condition condition = Expressions.parseCondition(req.string("ConditionExpression"), ctx, "ConditionExpression");
 * ctx.checkAllUsed();
 * // ... under the item's lock / at the log append:
 * if (!condition.test(oldItem)) throw DynamoDbException.conditionalCheckFailed(null);
 * Map<String, AttributeValue> newItem = update.apply(oldItem); // then add the key attributes
 * }</pre>
 *
 * <p>Placeholders are resolved at parse time, so evaluation needs only the item; nothing is parsed
 * or matched by regular expression per item.
 */
package io.tidemark.expr;
