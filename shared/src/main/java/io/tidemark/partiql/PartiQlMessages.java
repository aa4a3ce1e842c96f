package io.tidemark.partiql;

/**
 * DynamoDB's ValidationException messages for PartiQL statements, as DynamoDB words them (pinned
 * against DynamoDB and DynamoDB Local by public compatibility suites). Those that need the table's
 * key schema are checked by the executor, not by {@link PartiQl#parse}; they are here so that both
 * sides use the same text.
 */
public final class PartiQlMessages {
  private PartiQlMessages() {}

  /** Prefix of every syntax error; DynamoDB appends a detail, sometimes nothing. */
  public static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";
  public static final String LEFTOVER = "Unexpected token after expression";
  public static final String UNEXPECTED_TERM = "Unexpected term";
  public static final String UNEXPECTED_KEYWORD = "Unexpected keyword";
  public static final String UNEXPECTED_OPERATOR = "Unexpected operator";
  public static final String MISSING_RIGHT_HAND_SIDE = "Missing right-hand side expression of infix operator";
  public static final String EXPECTED_TYPE_NAME = "Expected type name";
  public static final String EXPECTED_DML = "Expected data manipulation";
  public static final String EXPECTED_SIMPLE_PATH = "Expected identifier for simple path";

  public static final String PARAMETER_COUNT = "Number of parameters in request and statement don't match.";
  public static final String ALIASING = "Aliasing is not supported";
  public static final String INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes";
  public static final String SELECT_MULTIPLE_FROM = "Only select from a single table or index is supported.";
  public static final String DML_INVALID_FROM =
      "FROM clause may only contain a single table name in data manipulation statements";
  public static final String FROM_PATH_TOO_LONG = "A path may contain at most 2 components in the FROM clause";
  public static final String UNEXPECTED_FROM_SOURCE = "Unexpected from source";
  public static final String INVALID_SOURCE_AS_LIST = "Invalid list expression in source.";
  public static final String INVALID_SOURCE_WITH_DOT =
      "Invalid path dot component in this operation, expecting either an IDENTIFIER or STAR.";
  public static final String INVALID_TABLE_NAME =
      "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'.";
  public static final String STAR_AND_OTHER_ATTRIBUTES =
      "Other attributes should not be present in the projection when '*' is used.";
  public static final String VALUE_OR_PIVOT = "Select projection doesn't support value or pivot keywords";
  public static final String DUPLICATE_PROJECTION = "Duplicate identifiers in select clause: %s";
  public static final String UNSUPPORTED_CLAUSE = "Unsupported clause: %s";
  public static final String UNSUPPORTED_OPERATION = "Unsupported operation: %s";
  public static final String UNRECOGNIZED_FUNCTION = "Unrecognized function: %s";
  public static final String UNSUPPORTED_CONDITION_OPERATOR = "Unsupported operator in Condition Expression. Operator: %s";
  public static final String UNSUPPORTED_UPDATE_OPERATOR = "Unsupported operator in Update Expression. Operator: %s";
  public static final String UNRECOGNIZED_ASSIGNMENT_TARGET = "Unrecognized assignment target: %s";
  public static final String ONLY_SET_AND_REMOVE = "Only SET and REMOVE are supported in update expressions at this time";
  public static final String IS_IN_UPDATE = "IS operator is not supported in update expressions";
  public static final String SET_FUNCTION_ARGUMENTS = "SET_%s must have exactly two arguments";
  public static final String SET_FUNCTION_FIRST_ARGUMENT = "The first argument to SET_%s must equal the assignment value";
  public static final String SET_FUNCTION_SECOND_ARGUMENT = "The second argument to SET_%s must be a value with type SET";
  public static final String WHERE_NOT_BOOLEAN = "WHERE clause must contain an expression that resolves to a boolean";
  public static final String AND_OR_OPERAND = "The arguments to AND/OR must be Expressions";
  public static final String NOT_OPERAND = "The argument to NOT must be a Type or Expression";
  public static final String MISSING_WITHOUT_IS = "MISSING must be compared using IS operator";
  public static final String IS_LEFT_OPERAND = "The left hand side argument to IS must be a Variable Reference, Literal, or Path";
  public static final String UNSUPPORTED_IS_TYPE = "Unsupported data type for IS operator: %s. Supported data types are "
      + "[MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]";
  public static final String INVALID_IN = "IN operator must have a left hand argument of type Variable Reference and right "
      + "hand argument of type Seq with at least one member";
  public static final String EMPTY_BAG = "Empty bags are not supported";
  public static final String BAG_TYPE = "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";
  public static final String BAG_DUPLICATES = "Input collection contains duplicates";
  public static final String TUPLE_KEY_TYPE = "Tuple keys must be of type String. Actual type: %s under %s";
  public static final String TUPLE_DUPLICATE_KEY = "Duplicate keys in tuple. Key: %s under %s";
  public static final String UNSUPPORTED_DATA_TYPE = "Unsupported data type: %s under key %s";
  public static final String INSERT_MULTIPLE = "Unsupported operation: Inserting multiple items in a single statement is "
      + "not supported, use \"INSERT INTO tableName VALUE item\" instead";
  public static final String INSERT_ITEM_FORMAT = "Unsupported format in item expression. Please use struct format {...} "
      + "to express item values for insert statement.";
  public static final String INSERT_AT = "AT is not supported in insert statements.";
  public static final String INSERT_FROM_WHERE = "Unsupported FROM ... WHERE ... clause in INSERT statement.";
  public static final String INSERT_RETURNING = "RETURNING is not supported in INSERT";
  public static final String DELETE_RETURNING =
      "Invalid returning clause: RETURNING %s. Only RETURNING ALL OLD * is allowed in DELETE statements.";
  public static final String RETURNING_SYNTAX = "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause";
  public static final String RETURNING_MULTIPLE = "Invalid syntax with multiple returning elements in RETURNING clause";
  public static final String EMPTY_PATH_COMPONENT = "Path component cannot be an empty string";
  public static final String WILDCARD_PATH = "Wildcard path component like a[*].b are not supported";
  public static final String UNPIVOT_PATH = "Unpivot path component like a.*.b are not supported";
  public static final String LIST_INDEX_RANGE = "List index is not within the allowable range; index: [%s]";
  public static final String ORDER_BY_WITHOUT_WHERE = "Must have WHERE clause in the statement when using ORDER BY clause.";
  public static final String ORDER_BY_ARGUMENT = "Argument to ORDER BY must be of type VariableReference. Type: %s";

  // Checked by the executor, against the table's key schema.
  public static final String EXISTS_ONLY_IN_TRANSACTIONS = "EXISTS can only be used in ExecuteTransaction write requests.";
  public static final String ORDER_BY_WITHOUT_HASH_KEY =
      "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.";
  public static final String ORDER_BY_NOT_KEY = "Variable reference %s in ORDER BY clause must be part of the primary key";
  public static final String MULTIPLE_CONDITIONS_ON_KEY =
      "Multiple conditions on same key %s. Only single item Update/Insert/Delete are supported";
  public static final String KEY_NESTED_PATH =
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key %s";
  public static final String OVERLAPPING_RANGE_CONDITIONS =
      "Overlapping conditions with range keys are not supported in where clause";
  public static final String NOT_SUPPORTED_ON_INDEX = "This operation is not supported on an index";
}
